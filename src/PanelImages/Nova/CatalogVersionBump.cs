using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;

namespace PanelImages.Nova;

/// <summary>For tables without version triggers (flavors): moves the catalogue version so that cached answers are recomputed.</summary>
public static class CatalogVersionBump
{
    public static Task<int> BumpAsync(CatalogDb db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync("UPDATE catalog_version SET \"Value\" = \"Value\" + 1 WHERE \"Id\" = 1", ct);
}
