using System.Collections.Concurrent;
using System.Text.Json;

namespace PanelImages.OpenStack;

/// <summary>
/// Keystone unified limits of the image service, as Glance's oslo.limit sees them: a project limit of the project in
/// that region overrides the registered (default) limit; a resource with neither has no entry (oslo.limit then treats
/// it as 0, Glance with use_keystone_limits off does not enforce it at all). Limits change rarely: each answer is kept
/// for <see cref="CacheFor"/>, so a page load asks Keystone at most once a minute per project and region.
/// </summary>
public sealed class KeystoneLimits(KeystoneClient keystone, TimeProvider clock, Microsoft.Extensions.Options.IOptions<OpenStackOptions> options)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, object Value)> _cache = new();

    /// <summary>Resource name → limit for <paramref name="projectId"/> in <paramref name="region"/>.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ForProjectAsync(string projectId, string region, CancellationToken ct)
    {
        try { return await ReadProjectAsync(projectId, region, ct); }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException && options.Value.IsConfigured)
        {
            // an answer without the members Keystone always sends (a proxy's page, another API)
            throw new OpenStackException("keystone", region, "GET", "limits", System.Net.HttpStatusCode.OK, "unexpected answer: " + e.Message, e);
        }
    }

    private async Task<IReadOnlyDictionary<string, long>> ReadProjectAsync(string projectId, string region, CancellationToken ct)
    {
        var service = await CachedAsync("service", async () =>
        {
            using var doc = await keystone.GetJsonAsync("/services?type=image", ct, system: true);
            return doc.RootElement.GetProperty("services").EnumerateArray().Select(s => s.GetProperty("id").GetString()).FirstOrDefault() ?? "";
        });
        if (service.Length == 0) return new Dictionary<string, long>();
        var q = $"service_id={Uri.EscapeDataString(service)}&region_id={Uri.EscapeDataString(region)}";
        var registered = await CachedAsync("r " + region, () => ReadAsync($"/registered_limits?{q}", "registered_limits", "default_limit", region, ct));
        var project = await CachedAsync($"p {region} {projectId}",
            () => ReadAsync($"/limits?{q}&project_id={Uri.EscapeDataString(projectId)}", "limits", "resource_limit", region, ct));
        var merged = new Dictionary<string, long>(registered);
        foreach (var (name, value) in project) merged[name] = value;
        return merged;
    }

    private async Task<IReadOnlyDictionary<string, long>> ReadAsync(string path, string list, string field, string region, CancellationToken ct)
    {
        using var doc = await keystone.GetJsonAsync(path, ct, system: true);
        var limits = new Dictionary<string, long>();
        foreach (var l in doc.RootElement.GetProperty(list).EnumerateArray())
            // never trust the server-side region filter alone: a limit without a region is not this region's
            if (GlanceJson.String(l, "region_id") == region && GlanceJson.String(l, "resource_name") is { } name
                && l.TryGetProperty(field, out var v) && v.TryGetInt64(out var n))
                limits[name] = n;
        return limits;
    }

    private async Task<T> CachedAsync<T>(string key, Func<Task<T>> read) where T : class
    {
        var now = clock.GetUtcNow();
        if (_cache.TryGetValue(key, out var hit) && now - hit.At < CacheFor) return (T)hit.Value;
        var value = await read();
        _cache[key] = (now, value);
        return value;
    }
}
