using Microsoft.Extensions.Options;
using PanelImages.Errors;
using PanelImages.OpenStack;

namespace PanelImages.Nova;

/// <summary>
/// The compute endpoint of each region in the Keystone catalog (narrowed by OpenStack:Regions like Glance's), cached a
/// few minutes. A cloud without Nova has no compute regions: instances and flavors simply stay empty.
/// </summary>
public sealed class NovaRegions(KeystoneClient keystone, IHttpClientFactory httpFactory, IOptions<OpenStackOptions> options, IOptions<NovaOptions> nova)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTime At, IReadOnlyList<NovaClient> Clients)? _cache;

    public bool IsConfigured => options.Value.IsConfigured && nova.Value.Enabled;

    public async Task<IReadOnlyList<NovaClient>> DiscoverAsync(CancellationToken ct)
    {
        if (!IsConfigured) return [];
        if (_cache is { } cached && DateTime.UtcNow - cached.At < CacheFor) return cached.Clients;
        await _gate.WaitAsync(ct);
        try
        {
            if (_cache is { } again && DateTime.UtcNow - again.At < CacheFor) return again.Clients;
            var o = options.Value;
            var token = await keystone.GetTokenAsync(ct);
            var wanted = o.Regions.Count == 0 ? null : new HashSet<string>(o.Regions, StringComparer.Ordinal);
            var clients = token.Catalog
                .Where(e => e.ServiceType == "compute" && string.Equals(e.Interface, o.EffectiveInterface, StringComparison.OrdinalIgnoreCase))
                .Where(e => wanted is null || wanted.Contains(e.Region))
                .GroupBy(e => e.Region).Select(g => g.First())
                .OrderBy(e => e.Region, StringComparer.Ordinal)
                .Select(e => new NovaClient(e.Region, nova.Value.EndpointOverrides.GetValueOrDefault(e.Region) ?? e.Url,
                    () => httpFactory.CreateClient(NovaClient.HttpClientName), keystone))
                .ToList();
            _cache = (DateTime.UtcNow, clients);
            return clients;
        }
        finally { _gate.Release(); }
    }

    /// <summary>The region's Nova for an action; 503 when the cloud has none there.</summary>
    public async Task<NovaClient> ForAsync(string region, CancellationToken ct)
    {
        if (!IsConfigured)
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, "No OpenStack compute (Nova) is configured for this service.");
        return (await DiscoverAsync(ct)).FirstOrDefault(c => c.Region == region)
               ?? throw new ApiException(StatusCodes.Status503ServiceUnavailable, $"Region {region} has no compute endpoint in the OpenStack catalog.");
    }
}
