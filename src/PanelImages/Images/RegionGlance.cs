using Microsoft.Extensions.Options;
using PanelImages.Errors;
using PanelImages.OpenStack;

namespace PanelImages.Images;

/// <summary>
/// The Glance of each region, from the Keystone catalog (cached a few minutes). Actions run with the configured
/// (admin) credentials and set the owner explicitly, so every rule of who may do what is enforced here, not by Glance.
/// </summary>
public sealed class RegionGlance(GlanceRegions regions, KeystoneClient keystone, IHttpClientFactory httpFactory, IOptions<OpenStackOptions> options)
{
    /// <summary>Image data travels on its own client: no retries (a stream is read once) and no overall time limit.</summary>
    public const string DataHttpClientName = "glance-data";
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTime At, IReadOnlyList<GlanceClient> Clients)? _cache;

    public bool IsConfigured => options.Value.IsConfigured;

    public async Task<IReadOnlyList<string>> RegionNamesAsync(CancellationToken ct) =>
        (await ClientsAsync(ct)).Select(c => c.Region).ToList();

    public async Task<GlanceClient> ForAsync(string region, CancellationToken ct) =>
        (await ClientsAsync(ct)).FirstOrDefault(c => c.Region == region)
        ?? throw new ApiException(StatusCodes.Status503ServiceUnavailable, $"Region {region} has no image endpoint in the OpenStack catalog.");

    /// <summary>The same region's Glance, on the client meant for streaming image data.</summary>
    public async Task<GlanceClient> DataForAsync(string region, CancellationToken ct)
    {
        var api = await ForAsync(region, ct);
        return new GlanceClient(api.Region, api.Endpoint, () => httpFactory.CreateClient(DataHttpClientName), keystone);
    }

    /// <summary>The one answer of every route that needs the cloud when none is configured.</summary>
    public static ApiException NoCloud() =>
        new(StatusCodes.Status503ServiceUnavailable, "No OpenStack cloud is configured for this service; image actions are unavailable.");

    private async Task<IReadOnlyList<GlanceClient>> ClientsAsync(CancellationToken ct)
    {
        if (!IsConfigured) throw NoCloud();
        if (_cache is { } cached && DateTime.UtcNow - cached.At < CacheFor) return cached.Clients;
        await _gate.WaitAsync(ct);
        try
        {
            if (_cache is { } again && DateTime.UtcNow - again.At < CacheFor) return again.Clients;
            var clients = await regions.DiscoverAsync(ct);
            _cache = (DateTime.UtcNow, clients);
            return clients;
        }
        finally { _gate.Release(); }
    }
}
