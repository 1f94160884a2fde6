using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;
using PanelImages.OpenStack;
using PanelImages.Projects;

namespace PanelImages.Nova;

/// <summary>
/// Nova's servers of one region into the Instance table. Full: every server (all_tenants, paged to the end), and
/// synced rows Nova no longer lists are removed. Incremental: changes-since the newest <c>updated</c> seen, which
/// also lists servers deleted since (status DELETED). Rows added by hand (SyncedAt null) are left alone.
/// </summary>
internal sealed class InstanceSync(NovaClient nova, CatalogDb db, int pageSize)
{
    public DateTime? MaxUpdated { get; private set; }

    public async Task<ResourceSyncCounts> RunAsync(DateTime? changesSince, CancellationToken ct)
    {
        var region = nova.Region;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        int created = 0, updated = 0, deleted = 0;
        var now = DateTime.UtcNow;
        // Nova answers the next page while this one is written; and a region with no synced rows yet (the first
        // full run) has nothing to look up.
        var anyStored = await db.Instances.AnyAsync(ct);
        await foreach (var page in ReadAhead(nova.ListServersAsync(changesSince, pageSize, ct)))
            using (page)
            {
                var ids = page.Items.Select(s => s.GetProperty("id").GetString()!).ToList();
                var existing = anyStored
                    ? await db.Instances.Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct)
                    : new Dictionary<string, Instance>();
                foreach (var server in page.Items)
                {
                    var id = server.GetProperty("id").GetString()!;
                    if (!seen.Add(id)) continue; // a server that changed while we paged can show up twice
                    var serverUpdated = GlanceJson.Time(server, "updated");
                    if (serverUpdated > MaxUpdated || MaxUpdated is null) MaxUpdated = serverUpdated;
                    existing.TryGetValue(id, out var row);
                    if (GlanceJson.String(server, "status") is "DELETED" or "SOFT_DELETED")
                    {
                        if (row is not null) { db.Instances.Remove(row); deleted++; }
                        continue;
                    }
                    if (row is null)
                    {
                        row = db.Instances.Add(new Instance { Id = id, Name = "", ProjectId = "" }).Entity;
                        created++;
                    }
                    Apply(row, server, region);
                    if (db.Entry(row).State == EntityState.Modified) updated++;
                    if (db.Entry(row).State != EntityState.Unchanged) row.SyncedAt = now;
                }
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        if (changesSince is null)
        {
            // Full listing: a synced instance of this region that Nova no longer has is gone (purged or deleted long ago).
            var stored = await db.Instances.Where(i => i.Region == region && i.SyncedAt != null).Select(i => i.Id).ToListAsync(ct);
            var missing = stored.Where(id => !seen.Contains(id)).ToList();
            foreach (var chunk in missing.Chunk(500))
                deleted += await db.Instances.Where(i => chunk.Contains(i.Id)).ExecuteDeleteAsync(ct);
        }
        if (created + updated + deleted > 0) await UsedByResellers.RecomputeAsync(db, region, ct);
        return new ResourceSyncCounts(seen.Count, created, updated, deleted);
    }

    /// <summary>Yields each page as soon as it is read and starts reading the next one before the caller works on it.</summary>
    private static async IAsyncEnumerable<T> ReadAhead<T>(IAsyncEnumerable<T> pages)
    {
        await using var reader = pages.GetAsyncEnumerator();
        var next = reader.MoveNextAsync().AsTask();
        try
        {
            while (await next)
            {
                var current = reader.Current;
                next = reader.MoveNextAsync().AsTask();
                yield return current;
            }
        }
        finally
        {
            // The caller stopped early (an error): the read under way must end before the reader is disposed.
            try { await next; } catch (Exception) when (!next.IsCompletedSuccessfully) { }
        }
    }

    private static void Apply(Instance row, JsonElement s, string region)
    {
        row.Name = GlanceJson.String(s, "name") ?? "";
        row.ProjectId = GlanceJson.String(s, "tenant_id") ?? "";
        row.Region = region;
        row.Status = GlanceJson.String(s, "status");
        // A volume-booted server has "image": "" instead of an object.
        row.ImageId = s.TryGetProperty("image", out var image) && image.ValueKind == JsonValueKind.Object ? GlanceJson.String(image, "id") : null;
        row.FlavorId = s.TryGetProperty("flavor", out var flavor) && flavor.ValueKind == JsonValueKind.Object ? GlanceJson.String(flavor, "id") : null;
        row.CreatedAt = GlanceJson.Time(s, "created");
        row.UpdatedAt = GlanceJson.Time(s, "updated");
    }
}
