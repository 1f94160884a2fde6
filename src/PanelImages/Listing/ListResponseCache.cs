using Microsoft.Extensions.Caching.Memory;
using PanelImages.Access;
using PanelImages.Catalog;

namespace PanelImages.Listing;

/// <summary>
/// Whole list responses, kept per catalogue version and caller scope: a repeated page (the panel's first page, a
/// refresh) costs one version read instead of the page, count and related queries. Any write to what a response
/// shows moves the version (triggers), so an entry is never served after the catalogue changed, on any instance.
/// </summary>
public static class ListResponseCache
{
    private static readonly MemoryCache Responses = new(new MemoryCacheOptions { SizeLimit = 64L << 20 });

    /// <summary>Everything the body depends on besides the catalogue: who asks (set and flags), what, and the link base.</summary>
    public static string KeyFor(CatalogDb db, long version, Caller caller, HttpRequest request) =>
        string.Join('|', CatalogVersion.ScopeKey(db, version, caller),
            string.Join(',', ImagePermissions.Names.Select(caller.Permissions.Allows)),
            request.Scheme, request.Host.Value, request.PathBase.Value, request.Path.Value, request.QueryString.Value);

    public static bool TryGet(string key, out byte[] body) => Responses.TryGetValue(key, out body!);

    public static void Set(string key, byte[] body) =>
        // Entries of a past version are never read again; the expiry only returns their memory sooner.
        Responses.Set(key, body, new MemoryCacheEntryOptions { Size = body.Length, SlidingExpiration = TimeSpan.FromMinutes(5) });
}
