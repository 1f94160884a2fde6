using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Catalog;
using PanelImages.OpenStack;

namespace PanelImages.Sync;

/// <summary>
/// Runs full or incremental syncs over every region, regions side by side. A region never runs two syncs at once
/// (the background loop, the CLI and tests share this singleton). Every outcome, good or bad, lands in
/// <see cref="RegionSyncState"/>; a failing region does not stop the others.
/// </summary>
public sealed class SyncService(
    IServiceScopeFactory scopes, GlanceRegions regions, IOptions<OpenStackOptions> openStack, IOptions<SyncOptions> options,
    ILogger<SyncService> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _regionLocks = new();

    public bool IsConfigured => openStack.Value.IsConfigured;

    public async Task<IReadOnlyList<RegionSyncResult>> RunAsync(SyncKind kind, Action<SyncProgress>? progress = null, CancellationToken ct = default)
    {
        IReadOnlyList<GlanceClient> clients;
        try { clients = await regions.DiscoverAsync(ct); }
        catch (OpenStackException e)
        {
            // Without Keystone there is no catalog, hence no region to sync: every known region records why.
            logger.LogWarning("OpenStack sync: {Error}", e.Message);
            await RecordFailureOnKnownRegionsAsync(e.Message, ct);
            return [new RegionSyncResult("*", kind, 0, 0, 0, 0, TimeSpan.Zero, e.Message)];
        }
        await EnsureRegionsAsync(clients, ct);
        return await Task.WhenAll(clients.Select(c => RunRegionAsync(c, kind, progress, ct)));
    }

    public async Task<RegionSyncResult> RunRegionAsync(GlanceClient glance, SyncKind kind, Action<SyncProgress>? progress, CancellationToken ct)
    {
        var gate = _regionLocks.GetOrAdd(glance.Region, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try { return await RunLockedAsync(glance, kind, progress, ct); }
        finally { gate.Release(); }
    }

    private async Task<RegionSyncResult> RunLockedAsync(GlanceClient glance, SyncKind kind, Action<SyncProgress>? progress, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var state = await db.Set<RegionSyncState>().AsNoTracking().FirstOrDefaultAsync(s => s.Region == glance.Region, ct);
        if (state?.LastFullSyncAt is null || state.LastSeenUpdatedAt is null) kind = SyncKind.Full;
        var membersDue = options.Value.MembersSeconds == 0 || state?.LastMembersRefreshAt is not { } lastMembers
                         || DateTime.UtcNow - lastMembers >= TimeSpan.FromSeconds(options.Value.MembersSeconds);

        var startedAt = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var run = new RegionSync(glance, db, openStack.Value, progress, kind);
        string? error = null;
        try
        {
            if (kind == SyncKind.Full) await run.FullAsync(startedAt, ct);
            else await run.IncrementalAsync(state!.LastSeenUpdatedAt!.Value, membersDue, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            error = e.Message;
            logger.LogWarning("OpenStack {Kind} sync of region {Region} failed after {Seen} images: {Error}", kind, glance.Region, run.Seen, e.Message);
        }
        clock.Stop();

        db.ChangeTracker.Clear();
        var row = await db.Set<RegionSyncState>().FirstOrDefaultAsync(s => s.Region == glance.Region, ct)
                  ?? db.Set<RegionSyncState>().Add(new RegionSyncState { Region = glance.Region }).Entity;
        row.Endpoint = glance.Endpoint;
        row.LastAttemptAt = startedAt;
        row.LastAttemptOk = error is null;
        if (error is not null)
        {
            row.LastError = error;
            row.LastErrorAt = DateTime.UtcNow;
        }
        else if (kind == SyncKind.Full)
        {
            row.LastFullSyncAt = startedAt;
            row.LastFullSyncSeconds = clock.Elapsed.TotalSeconds;
            (row.FullSeen, row.FullCreated, row.FullUpdated, row.FullDeleted) = (run.Seen, run.Created, run.Updated, run.Tombstoned);
            row.LastMembersRefreshAt = startedAt;
        }
        else
        {
            row.LastIncrementalSyncAt = startedAt;
            row.LastIncrementalSyncSeconds = clock.Elapsed.TotalSeconds;
            (row.IncrementalSeen, row.IncrementalCreated, row.IncrementalUpdated) = (run.Seen, run.Created, run.Updated);
            if (membersDue) row.LastMembersRefreshAt = startedAt;
        }
        // Only a completed run moves the incremental starting point; a failed one is read again next time.
        if (error is null && run.MaxUpdatedAt is { } max && (row.LastSeenUpdatedAt is null || max > row.LastSeenUpdatedAt))
            row.LastSeenUpdatedAt = max;
        else if (error is null && row.LastSeenUpdatedAt is null) row.LastSeenUpdatedAt = startedAt;
        await db.SaveChangesAsync(CancellationToken.None);
        Telemetry.PanelMetrics.SyncRan(glance.Region, kind.ToString().ToLowerInvariant(), clock.Elapsed, run.Seen, error is null);

        if (error is null)
            logger.LogInformation("OpenStack {Kind} sync of {Region}: {Seen} seen, {Created} created, {Updated} updated, {Deleted} deleted in {Seconds:F1} s",
                kind, glance.Region, run.Seen, run.Created, run.Updated, run.Tombstoned, clock.Elapsed.TotalSeconds);
        return new RegionSyncResult(glance.Region, kind, run.Seen, run.Created, run.Updated, run.Tombstoned, clock.Elapsed, error);
    }

    private async Task EnsureRegionsAsync(IReadOnlyList<GlanceClient> clients, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var ids = clients.Select(c => c.Region).ToList();
        var known = await db.Regions.Where(r => ids.Contains(r.Id)).Select(r => r.Id).ToListAsync(ct);
        foreach (var id in ids.Except(known))
            db.Regions.Add(new Region { Id = id, Description = "from the Keystone catalog" });
        await db.SaveChangesAsync(ct);
    }

    private async Task RecordFailureOnKnownRegionsAsync(string error, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var now = DateTime.UtcNow;
        await db.Set<RegionSyncState>().ExecuteUpdateAsync(s => s
            .SetProperty(r => r.LastAttemptAt, now).SetProperty(r => r.LastAttemptOk, false)
            .SetProperty(r => r.LastError, error).SetProperty(r => r.LastErrorAt, now), ct);
    }
}
