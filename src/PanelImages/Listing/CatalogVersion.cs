using Microsoft.EntityFrameworkCore;
using PanelImages.Access;
using PanelImages.Catalog;

namespace PanelImages.Listing;

/// <summary>
/// The catalogue's version: a row that triggers bump in every writer's own transaction (images, memberships, clients,
/// projects, instances), so anything cached under the version read before it was computed is exact on every instance.
/// </summary>
public static class CatalogVersion
{
    public static Task<long> ReadAsync(CatalogDb db, CancellationToken ct) =>
        db.Database.SqlQueryRaw<long>("SELECT \"Value\" AS \"Value\" FROM catalog_version WHERE \"Id\" = 1").SingleOrDefaultAsync(ct);

    /// <summary>
    /// What a caller's answers depend on: the database (versions start at a random value, so a database recreated
    /// under the same name does not meet old entries), the version, and the caller's visible set.
    /// </summary>
    public static string ScopeKey(CatalogDb db, long version, Caller caller) =>
        string.Join('|', db.Database.GetConnectionString(), version, caller.Rules.ScopeKey);
}
