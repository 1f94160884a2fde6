using Microsoft.Extensions.Options;

namespace PanelImages.OpenStack;

/// <summary>
/// The regions to sync: every image endpoint of the Keystone catalog on the configured interface, or the subset
/// named in OpenStack:Regions. The region of each client is the catalog's region of that endpoint, never a guess.
/// </summary>
public sealed class GlanceRegions(KeystoneClient keystone, IHttpClientFactory httpFactory, IOptions<OpenStackOptions> options)
{
    public async Task<IReadOnlyList<GlanceClient>> DiscoverAsync(CancellationToken ct)
    {
        var o = options.Value;
        var token = await keystone.GetTokenAsync(ct);
        var wanted = o.Regions.Count == 0 ? null : new HashSet<string>(o.Regions, StringComparer.Ordinal);
        var endpoints = token.Catalog
            .Where(e => e.ServiceType == "image" && string.Equals(e.Interface, o.EffectiveInterface, StringComparison.OrdinalIgnoreCase))
            .Where(e => wanted is null || wanted.Contains(e.Region))
            .GroupBy(e => e.Region).Select(g => g.First())
            .OrderBy(e => e.Region, StringComparer.Ordinal)
            .ToList();
        if (wanted is not null && wanted.Except(endpoints.Select(e => e.Region)).ToList() is { Count: > 0 } missing)
            throw new OpenStackException("keystone", null, "GET", "catalog", null,
                $"no {o.EffectiveInterface} image endpoint for configured region(s) {string.Join(", ", missing)}");
        return endpoints.Select(e => For(e.Region, o.EndpointOverrides.GetValueOrDefault(e.Region) ?? e.Url)).ToList();
    }

    public GlanceClient For(string region, string url) =>
        new(region, url, () => httpFactory.CreateClient(GlanceClient.HttpClientName), keystone);
}
