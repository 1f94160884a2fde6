using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;

namespace PanelImages.Listing;

/// <summary>
/// The catalogue's version: a row that triggers bump in every writer's own transaction (Caching/CacheTriggers.cs), so
/// it moves on every change anywhere. Caches use the finer per-scope versions (Caching/CatalogChanges.cs).
/// </summary>
public static class CatalogVersion
{
    public static Task<long> ReadAsync(CatalogDb db, CancellationToken ct) =>
        db.Database.SqlQueryRaw<long>("SELECT \"Value\" AS \"Value\" FROM catalog_version WHERE \"Id\" = 1").SingleOrDefaultAsync(ct);
}
