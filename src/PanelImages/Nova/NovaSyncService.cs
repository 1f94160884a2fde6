using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Catalog;
using PanelImages.Flavors;
using PanelImages.Projects;

namespace PanelImages.Nova;

public sealed record ResourceSyncResult(string Resource, string Region, ResourceSyncCounts? Counts, TimeSpan Duration, string? Error)
{
    public bool Ok => Error is null;
}

/// <summary>
/// Projects (Keystone), then per compute region flavors and instances (Nova). Each resource of each region records its
/// outcome in <see cref="ResourceSyncState"/>; one failing (Keystone or a region's Nova down) leaves the others
/// running and the catalogue as it was. Runs never overlap (the background loop, the CLI and tests share this).
/// </summary>
public sealed class NovaSyncService(IServiceScopeFactory scopes, NovaRegions regions, ProjectSync projects,
    IOptions<NovaOptions> options, ILogger<NovaSyncService> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<IReadOnlyList<ResourceSyncResult>> RunAsync(bool full, CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var results = new List<ResourceSyncResult>
            {
                await RecordAsync(ResourceSyncState.Projects, ResourceSyncState.AllRegions, null, full,
                    (db, _, c) => projects.RunAsync(db, c), ct),
            };
            IReadOnlyList<NovaClient> novas;
            try { novas = await regions.DiscoverAsync(ct); }
            catch (OpenStack.OpenStackException e)
            {
                await RecordFailureAsync(e.Message, ct);
                return [.. results, new ResourceSyncResult(ResourceSyncState.Instances, "*", null, TimeSpan.Zero, e.Message)];
            }
            foreach (var nova in novas)
            {
                results.Add(await RecordAsync(ResourceSyncState.Flavors, nova.Region, nova.Endpoint, full,
                    (db, _, c) => FlavorSync.RunAsync(nova, db, options.Value.PageSize, c), ct));
                results.Add(await RecordAsync(ResourceSyncState.Instances, nova.Region, nova.Endpoint, full, async (db, state, c) =>
                {
                    var run = new InstanceSync(nova, db, options.Value.PageSize);
                    var since = full ? null : state?.ChangesSince;
                    var counts = await run.RunAsync(since, c);
                    return (counts, run.MaxUpdated ?? since);
                }, ct));
            }
            return results;
        }
        finally { _gate.Release(); }
    }

    private Task<ResourceSyncResult> RecordAsync(string resource, string region, string? endpoint, bool full,
        Func<CatalogDb, ResourceSyncState?, CancellationToken, Task<ResourceSyncCounts>> work, CancellationToken ct) =>
        RecordAsync(resource, region, endpoint, full, async (db, s, c) => (await work(db, s, c), (DateTime?)null), ct);

    private async Task<ResourceSyncResult> RecordAsync(string resource, string region, string? endpoint, bool full,
        Func<CatalogDb, ResourceSyncState?, CancellationToken, Task<(ResourceSyncCounts Counts, DateTime? ChangesSince)>> work, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var state = await db.ResourceSyncStates.AsNoTracking().FirstOrDefaultAsync(s => s.Resource == resource && s.Region == region, ct);
        // Without a completed full run there is no starting point for changes-since.
        if (state?.LastFullAt is null) full = true;
        var startedAt = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        ResourceSyncCounts? counts = null;
        DateTime? since = null;
        string? error = null;
        try { (counts, since) = await work(db, full ? null : state, ct); }
        catch (Exception e) when (!ct.IsCancellationRequested && e is OpenStack.OpenStackException or DbUpdateException or HttpRequestException)
        {
            error = e.Message;
            logger.LogWarning("{Resource} sync of {Region} failed: {Error}", resource, region, e.Message);
        }
        db.ChangeTracker.Clear();
        var row = await db.ResourceSyncStates.FirstOrDefaultAsync(s => s.Resource == resource && s.Region == region, ct)
                  ?? db.ResourceSyncStates.Add(new ResourceSyncState { Resource = resource, Region = region }).Entity;
        row.Endpoint = endpoint;
        row.LastAttemptAt = startedAt;
        row.LastAttemptOk = error is null;
        if (error is not null) (row.LastError, row.LastErrorAt) = (error, DateTime.UtcNow);
        else
        {
            if (full) row.LastFullAt = startedAt; else row.LastIncrementalAt = startedAt;
            row.LastSeconds = clock.Elapsed.TotalSeconds;
            (row.Seen, row.Created, row.Updated, row.Deleted) = (counts!.Seen, counts.Created, counts.Updated, counts.Deleted);
            // Nova's own clock (the newest updated seen); only a completed run moves it.
            if (since is { } s && (row.ChangesSince is null || s > row.ChangesSince)) row.ChangesSince = s;
            else if (row.ChangesSince is null && resource == ResourceSyncState.Instances) row.ChangesSince = startedAt;
        }
        await db.SaveChangesAsync(CancellationToken.None);
        return new ResourceSyncResult(resource, region, counts, clock.Elapsed, error);
    }

    private async Task RecordFailureAsync(string error, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var now = DateTime.UtcNow;
        await db.ResourceSyncStates.Where(s => s.Resource != ResourceSyncState.Projects).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.LastAttemptAt, now).SetProperty(r => r.LastAttemptOk, false)
            .SetProperty(r => r.LastError, error).SetProperty(r => r.LastErrorAt, now), ct);
    }
}
