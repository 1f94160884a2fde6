using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using PanelImages.Access;
using PanelImages.Catalog;

namespace PanelImages.Listing;

/// <summary>
/// Exact counts remembered per catalogue version. Every write to the tables a list depends on bumps
/// <c>catalog_version</c> in the same transaction (triggers, see the AddListingIndexes migration), so a count cached
/// under the version read before it was computed is never older than that version, on every instance; a full staff
/// count over a million rows then costs one primary-key read instead of a scan.
/// </summary>
public static class CountCache
{
    private static readonly MemoryCache Counts = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    public static async Task<int> CountAsync(CatalogDb db, Caller caller, ListRequest request, IQueryable<Image> matching, long? knownVersion, CancellationToken ct)
    {
        var version = knownVersion ?? await CatalogVersion.ReadAsync(db, ct);
        var key = string.Join('|', CatalogVersion.ScopeKey(db, version, caller), request.Visibility,
            string.Join('\u001f', request.Filters.Select(f => f.Raw)), string.Join('\u001f', request.SearchTerms));
        if (Counts.TryGetValue(key, out int count)) return count;
        count = await matching.CountAsync(ct);
        // Entries of a past version are never read again; the expiry only returns their memory sooner.
        Counts.Set(key, count, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });
        return count;
    }
}
