using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;

namespace PanelImages.Nova;

/// <summary>
/// For tables without version triggers (flavors): moves the catalogue version so that cached answers are recomputed.
/// On PostgreSQL it also notifies, as the triggers do, so other instances recompute at once rather than at their
/// listener's next probe (the NOTIFY is delivered when the writer commits).
/// </summary>
public static class CatalogVersionBump
{
    public static Task<int> BumpAsync(CatalogDb db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql()
            ? Caching.CacheTriggers.MoveEverything + $"SELECT pg_notify('{Caching.CacheTriggers.Channel}', '');"
            : Caching.CacheTriggers.MoveEverything, ct);
}
