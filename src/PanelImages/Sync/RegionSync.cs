using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;
using PanelImages.OpenStack;

namespace PanelImages.Sync;

/// <summary>
/// One run (full or incremental) over one region. Glance pages are fetched by a producer while the previous page is
/// written, so a full sync costs little more than Glance's own listing: one query loads the page's existing rows, one
/// SaveChanges writes it, and members of the page's shared images are fetched concurrently meanwhile.
/// </summary>
internal sealed class RegionSync(
    GlanceClient glance, CatalogDb db, OpenStackOptions os, Action<SyncProgress>? progress, SyncKind kind)
{
    public const string Deleted = "deleted";
    // Admin-scoped: every image of every project, whatever its visibility or membership. Hidden images (os_hidden)
    // are left out of every list unless asked for, so they need a listing of their own.
    private const string ListAll = "visibility=all&member_status=all";

    private readonly string _region = glance.Region;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<string> _membersRead = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Dictionary<string, int> _clientOfProject = new();

    public int Seen => _seen.Count;
    public int Created { get; private set; }
    public int Updated { get; private set; }
    public int Tombstoned { get; private set; }
    public DateTime? MaxUpdatedAt { get; private set; }

    public async Task FullAsync(DateTime startedAt, CancellationToken ct)
    {
        await LoadProjectsAsync(ct);
        await PumpAsync([ListAll, ListAll + "&os_hidden=true"], ct);
        await TombstoneMissingAsync(startedAt, ct);
        Report(done: true);
    }

    public async Task IncrementalAsync(DateTime since, bool refreshAllMembers, CancellationToken ct)
    {
        await LoadProjectsAsync(ct);
        // gte, not gt: Glance's updated_at has whole seconds, and a change later in the second we last saw must not be missed.
        var filter = $"{ListAll}&updated_at=gte:{since:yyyy-MM-dd'T'HH:mm:ss'Z'}";
        await PumpAsync([filter, filter + "&os_hidden=true"], ct);
        if (refreshAllMembers) await RefreshAllMembersAsync(ct);
        Report(done: true);
    }

    private async Task LoadProjectsAsync(CancellationToken ct) =>
        _clientOfProject = await db.Projects.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.ClientId, ct);

    private async Task PumpAsync(string[] queries, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var pages = Channel.CreateBounded<GlancePage>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var query in queries)
                    await foreach (var page in glance.ListImagesAsync(query, os.PageSize, cts.Token))
                        await pages.Writer.WriteAsync(page, cts.Token);
                pages.Writer.TryComplete();
            }
            catch (Exception e) { pages.Writer.TryComplete(e); }
        }, cts.Token);
        try
        {
            while (await pages.Reader.WaitToReadAsync(ct))
                while (pages.Reader.TryRead(out var page))
                    using (page) await WritePageAsync(page, ct);
        }
        catch (Exception e)
        {
            await cts.CancelAsync();
            while (pages.Reader.TryRead(out var left)) left.Dispose();
            try { await producer; } catch { /* already reported through the channel */ }
            if (e is ChannelClosedException { InnerException: { } inner }) throw inner;
            throw;
        }
        await producer;
    }

    private async Task WritePageAsync(GlancePage page, CancellationToken ct)
    {
        var ids = new List<string>(page.Images.Count);
        var shared = new List<string>();
        foreach (var g in page.Images)
        {
            var id = GlanceImageMapper.Id(g);
            ids.Add(id);
            // Members decide who sees a shared image; nobody sees a deleted one, so its members are not worth a call.
            if (GlanceJson.String(g, "visibility") == "shared" && GlanceJson.String(g, "status") != Deleted) shared.Add(id);
        }
        // Network and database at the same time: members are read while the page's rows load.
        var members = FetchMembersAsync(shared, ct);
        var existing = await db.Images.Where(i => i.Region == _region && ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var now = DateTime.UtcNow;
        foreach (var g in page.Images)
        {
            var id = GlanceImageMapper.Id(g);
            _seen.Add(id);
            var updatedAt = GlanceJson.Time(g, "updated_at");
            if (updatedAt > MaxUpdatedAt || MaxUpdatedAt is null) MaxUpdatedAt = updatedAt;
            if (!existing.TryGetValue(id, out var row))
            {
                row = new Image { Region = _region, Id = id };
                GlanceImageMapper.Apply(row, g, _clientOfProject);
                row.SyncedAt = now;
                db.Images.Add(row);
                existing[id] = row;
                Created++;
                continue;
            }
            // A tombstone stays one unless Glance shows a change made after the deletion (reference bug B18);
            // a row that took a newer change meanwhile (another writer) is not rolled back.
            if (row.Status == Deleted && row.DeletedAt is { } deletedAt && (updatedAt is null || updatedAt <= deletedAt)) continue;
            if (row.UpdatedAt is { } stored && updatedAt is { } incoming && incoming < stored) continue;
            GlanceImageMapper.Apply(row, g, _clientOfProject);
            if (db.Entry(row).State == EntityState.Modified)
            {
                row.SyncedAt = now;
                Updated++;
            }
        }
        await ApplyMembersAsync(await members, ct);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        Report(done: false);
    }

    private async Task<ConcurrentDictionary<string, List<GlanceMember>?>> FetchMembersAsync(IReadOnlyCollection<string> imageIds, CancellationToken ct)
    {
        var result = new ConcurrentDictionary<string, List<GlanceMember>?>(StringComparer.Ordinal);
        if (imageIds.Count == 0) return result;
        await Parallel.ForEachAsync(imageIds, new ParallelOptions { MaxDegreeOfParallelism = os.MemberConcurrency, CancellationToken = ct },
            async (id, c) => result[id] = await glance.ListMembersAsync(id, c));
        foreach (var id in imageIds) _membersRead.Add(id);
        return result;
    }

    /// <summary>Makes the stored members of these images exactly Glance's (an image gone meanwhile is left to the next full sync).</summary>
    private async Task ApplyMembersAsync(IReadOnlyDictionary<string, List<GlanceMember>?> members, CancellationToken ct)
    {
        var imageIds = members.Where(m => m.Value is not null).Select(m => m.Key).ToList();
        if (imageIds.Count == 0) return;
        var stored = (await db.ImageMembers.Where(m => m.Region == _region && imageIds.Contains(m.ImageId)).ToListAsync(ct))
            .ToLookup(m => m.ImageId);
        foreach (var imageId in imageIds)
        {
            var current = stored[imageId].ToDictionary(m => m.ProjectId, StringComparer.Ordinal);
            foreach (var m in members[imageId]!)
            {
                if (!current.Remove(m.MemberId, out var row))
                    db.ImageMembers.Add(row = new ImageMember { Region = _region, ImageId = imageId, ProjectId = m.MemberId });
                row.Status = m.Status;
                row.CreatedAt = m.CreatedAt;
                row.UpdatedAt = m.UpdatedAt;
            }
            db.ImageMembers.RemoveRange(current.Values);
        }
    }

    /// <summary>Glance does not bump an image's updated_at when its members change, so shared images are re-read here.</summary>
    private async Task RefreshAllMembersAsync(CancellationToken ct)
    {
        var ids = await db.Images.AsNoTracking()
            .Where(i => i.Region == _region && i.Visibility == "shared" && i.Status != Deleted)
            .Select(i => i.Id).ToListAsync(ct);
        foreach (var chunk in ids.Where(id => !_membersRead.Contains(id)).Chunk(500))
        {
            await ApplyMembersAsync(await FetchMembersAsync(chunk, ct), ct);
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Rows Glance no longer lists become tombstones. Only rows last written before this run started are candidates,
    /// so a row another writer added meanwhile is not taken for a deletion. deleted_at is the listing's start: any
    /// later change in Glance brings the image back.
    /// </summary>
    private async Task TombstoneMissingAsync(DateTime startedAt, CancellationToken ct)
    {
        var alive = await db.Images.AsNoTracking()
            .Where(i => i.Region == _region && (i.Status == null || i.Status != Deleted) && (i.SyncedAt == null || i.SyncedAt < startedAt))
            .Select(i => i.Id).ToListAsync(ct);
        var now = DateTime.UtcNow;
        foreach (var chunk in alive.Where(id => !_seen.Contains(id)).Chunk(500))
        {
            var ids = chunk.ToList();
            Tombstoned += await db.Images
                .Where(i => i.Region == _region && ids.Contains(i.Id) && (i.Status == null || i.Status != Deleted))
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, Deleted).SetProperty(i => i.DeletedAt, startedAt)
                    .SetProperty(i => i.SyncedAt, now), ct);
        }
    }

    private void Report(bool done) => progress?.Invoke(new SyncProgress(_region, kind, _seen.Count, _clock.Elapsed, done));
}
