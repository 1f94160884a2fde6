using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.Listing;

namespace PanelImages.Caching;

public sealed class CachingOptions
{
    public const string Section = "Caching";

    /// <summary>Bytes of list and retrieve bodies kept (keys and bookkeeping counted too).</summary>
    [Range(0, long.MaxValue)] public long ResponseBytes { get; set; } = 64L << 20;

    /// <summary>Bytes of exact counts kept; a count's key (its filter text) is what costs memory.</summary>
    [Range(0, long.MaxValue)] public long CountBytes { get; set; } = 4L << 20;

    /// <summary>PostgreSQL: how long the listener waits for a notification before probing its connection.</summary>
    [Range(50, 600_000)] public int ListenerProbeMilliseconds { get; set; } = 2_000;

    [Range(10, 600_000)] public int ListenerRetryMilliseconds { get; set; } = 500;

    /// <summary>SQLite (no notifications): how often changes are read while live event streams are open.</summary>
    [Range(50, 600_000)] public int PollMilliseconds { get; set; } = 300;
}

/// <summary>
/// Answers kept under a key with the scope version they were computed at (read before computing them): an entry is
/// served only while its scope is still at that version, and a newer answer replaces it in place. Bounded by bytes:
/// over the limit MemoryCache refuses the entry and compacts, least recently used first.
/// </summary>
public abstract class VersionedCache<T>(long sizeLimit)
{
    private sealed record Entry(long Version, T Value);

    // Per entry besides the key's characters and the value: the entry, its record and the cache's bookkeeping.
    private const int Overhead = 160;
    private readonly MemoryCache _entries = new(new MemoryCacheOptions { SizeLimit = Math.Max(1, sizeLimit), TrackStatistics = true });
    private long _hits, _misses;

    public long Hits => Interlocked.Read(ref _hits);
    public long Misses => Interlocked.Read(ref _misses);
    public long EstimatedBytes => _entries.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    protected abstract long SizeOf(T value);

    public bool TryGet(string key, long version, out T value)
    {
        if (_entries.TryGetValue(key, out Entry? entry) && entry!.Version == version)
        {
            Interlocked.Increment(ref _hits);
            value = entry.Value;
            return true;
        }
        Interlocked.Increment(ref _misses);
        value = default!;
        return false;
    }

    public void Set(string key, long version, T value) =>
        _entries.Set(key, new Entry(version, value), new MemoryCacheEntryOptions
            { Size = key.Length * 2L + SizeOf(value) + Overhead, SlidingExpiration = TimeSpan.FromMinutes(10) });
}

/// <summary>Whole list and retrieve bodies.</summary>
public sealed class ResponseCache(IOptions<CachingOptions> options) : VersionedCache<byte[]>(options.Value.ResponseBytes)
{
    protected override long SizeOf(byte[] value) => value.Length;

    /// <summary>Everything a body depends on besides the catalogue: who asks (set and flags), what, the link base.</summary>
    public static string KeyFor(CacheScope scope, Caller caller, HttpRequest request) =>
        string.Join('|', scope.Identity,
            string.Join(',', ImagePermissions.Names.Select(caller.Permissions.Allows)),
            request.Headers["X-Forwarded-Proto"].ToString(), request.Headers["X-Forwarded-Host"].ToString(),
            request.Scheme, request.Host.Value, request.PathBase.Value, request.Path.Value, request.QueryString.Value);
}

/// <summary>Exact counts: a full staff count over a million rows costs a dictionary read while nothing moved.</summary>
public sealed class CountCache(IOptions<CachingOptions> options) : VersionedCache<int>(options.Value.CountBytes)
{
    protected override long SizeOf(int value) => sizeof(int);

    public ListCounts For(CacheScope scope, long version) => new(this, scope, version);
}

/// <summary>The counts of one request's scope at the version it read.</summary>
public sealed record ListCounts(CountCache Cache, CacheScope Scope, long Version)
{
    public async Task<int> CountAsync(ListRequest request, IQueryable<Image> matching, CancellationToken ct)
    {
        var key = string.Join('|', Scope.Identity, request.Visibility,
            string.Join('\u001f', request.Filters.Select(f => f.Raw)), string.Join('\u001f', request.SearchTerms));
        if (Cache.TryGet(key, Version, out var count)) return count;
        count = await matching.CountAsync(ct);
        Cache.Set(key, Version, count);
        return count;
    }
}
