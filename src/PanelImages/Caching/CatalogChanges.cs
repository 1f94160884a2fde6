using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;

namespace PanelImages.Caching;

/// <summary>A scope moved to a version (see <see cref="CacheTriggers"/>).</summary>
public sealed record ScopeVersion(string Scope, long Version);

/// <summary>One refresh's worth of moved scopes; <see cref="Version"/> is the catalogue version after it.</summary>
public sealed record CatalogChange(long Version, IReadOnlyList<string> Scopes);

/// <summary>
/// This process's copy of <c>catalog_scope_versions</c>. On SQLite every cached answer first reads what moved since
/// the last look (one local indexed read, usually empty). On PostgreSQL the <see cref="CatalogChangeListener"/> keeps
/// the copy current from NOTIFY, so a cached answer costs no round trip; while it is not listening (connection lost,
/// reconnecting) and after this process's own writes, requests read the changes themselves, so answers stay exact.
/// </summary>
public sealed class CatalogChanges
{
    public const string SinceSql = $"SELECT \"Scope\", \"Version\" FROM {CacheTriggers.ScopeTable} WHERE \"Version\" > ";

    private readonly ConcurrentDictionary<string, long> _versions = new();
    private readonly Lock _subscribersLock = new();
    private readonly List<ChangeSubscription> _subscribers = [];
    private long _known;
    private long _localWrites, _localWritesSeen;
    private volatile bool _listening;

    /// <summary>The newest catalogue version this process has applied.</summary>
    public long Version => Interlocked.Read(ref _known);

    /// <summary>True while notifications are known to reach this process (PostgreSQL).</summary>
    public bool Listening
    {
        get => _listening;
        internal set => _listening = value;
    }

    /// <summary>The version a scope's cached answers must carry to be served now.</summary>
    public async ValueTask<long> VersionForAsync(CatalogDb db, CacheScope scope, CancellationToken ct)
    {
        var writes = Interlocked.Read(ref _localWrites);
        if (!_listening || writes != Interlocked.Read(ref _localWritesSeen))
        {
            Apply(await db.Database.SqlQueryRaw<ScopeVersion>(SinceSql + "{0}", Version).ToListAsync(ct));
            InterlockedMax(ref _localWritesSeen, writes);
        }
        return scope.VersionIn(_versions);
    }

    /// <summary>Reads what moved since the last look on a connection of the caller's (the listener's).</summary>
    public async Task RefreshAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SinceSql + Version;
        var moved = new List<ScopeVersion>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) moved.Add(new(reader.GetString(0), reader.GetInt64(1)));
        Apply(moved);
    }

    /// <summary>This process wrote to the catalogue: the next answer reads the changes before trusting its copy.</summary>
    public void LocalWrite() => Interlocked.Increment(ref _localWrites);

    /// <summary>
    /// Every change this process learns of, as it learns of it, merged while the reader is busy (so a slow reader never
    /// loses one: it gets their newest version and every scope they moved). Ends when <paramref name="ct"/> is cancelled.
    /// </summary>
    public ChangeSubscription Subscribe(CancellationToken ct)
    {
        var subscription = new ChangeSubscription();
        lock (_subscribersLock) _subscribers.Add(subscription);
        ct.Register(() =>
        {
            lock (_subscribersLock) _subscribers.Remove(subscription);
        });
        return subscription;
    }

    public int SubscriberCount { get { lock (_subscribersLock) return _subscribers.Count; } }

    internal void Apply(IReadOnlyList<ScopeVersion> moved)
    {
        if (moved.Count == 0) return;
        var newest = 0L;
        foreach (var (scope, version) in moved)
        {
            _versions.AddOrUpdate(scope, version, (_, old) => Math.Max(old, version));
            newest = Math.Max(newest, version);
        }
        // After the scopes: a reader that sees the new version finds every scope it moved.
        if (InterlockedMax(ref _known, newest) < newest) Publish(new(newest, moved.Select(m => m.Scope).ToList()));
    }

    private void Publish(CatalogChange change)
    {
        lock (_subscribersLock)
            foreach (var subscription in _subscribers) subscription.Add(change);
    }

    /// <summary>Raises <paramref name="target"/> to at least <paramref name="value"/>; returns what it was.</summary>
    private static long InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (current < value)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current) return current;
            current = seen;
        }
        return current;
    }
}

/// <summary>One reader's pending changes, merged: the newest version and the union of the scopes moved since its last read.</summary>
public sealed class ChangeSubscription
{
    // Past this many distinct scopes the merge says "everything" instead of growing with the clients that changed.
    private const int MaxScopes = 256;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _pending = new(0, 1);
    private long _version;
    private HashSet<string>? _scopes;

    internal void Add(CatalogChange change)
    {
        lock (_lock)
        {
            _version = Math.Max(_version, change.Version);
            _scopes ??= new HashSet<string>(StringComparer.Ordinal);
            if (!_scopes.Contains(CacheScope.Everything)) _scopes.UnionWith(change.Scopes);
            if (_scopes.Count > MaxScopes || _scopes.Contains(CacheScope.Everything)) _scopes = [CacheScope.Everything];
            if (_pending.CurrentCount == 0) _pending.Release();
        }
    }

    /// <summary>Everything that moved since the last call, once something has.</summary>
    public async Task<CatalogChange> NextAsync(CancellationToken ct)
    {
        while (true)
        {
            await _pending.WaitAsync(ct);
            lock (_lock)
            {
                if (_scopes is not { } scopes) continue;
                _scopes = null;
                return new CatalogChange(_version, [.. scopes]);
            }
        }
    }
}
