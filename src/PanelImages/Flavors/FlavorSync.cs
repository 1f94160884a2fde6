using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;
using PanelImages.Nova;
using PanelImages.OpenStack;
using PanelImages.Projects;

namespace PanelImages.Flavors;

/// <summary>Every flavor of one region (public and private, with their access lists) into the catalogue.</summary>
internal static class FlavorSync
{
    public static async Task<ResourceSyncCounts> RunAsync(NovaClient nova, CatalogDb db, int pageSize, CancellationToken ct)
    {
        var listed = new List<Flavor>();
        await foreach (var page in nova.ListFlavorsAsync(pageSize, ct))
            using (page)
                foreach (var f in page.Items)
                    listed.Add(new Flavor
                    {
                        Region = nova.Region, Id = f.GetProperty("id").GetString()!, Name = GlanceJson.String(f, "name") ?? "",
                        Vcpus = GlanceJson.Int(f, "vcpus"), Ram = GlanceJson.Int(f, "ram"), Disk = GlanceJson.Int(f, "disk"),
                        IsPublic = !f.TryGetProperty("os-flavor-access:is_public", out var p) || p.ValueKind != System.Text.Json.JsonValueKind.False,
                    });
        foreach (var f in listed.Where(f => !f.IsPublic)) f.ProjectIds = await nova.FlavorAccessAsync(f.Id, ct);

        var stored = await db.Flavors.Where(f => f.Region == nova.Region).ToDictionaryAsync(f => f.Id, ct);
        var now = DateTime.UtcNow;
        int created = 0, updated = 0;
        foreach (var f in listed)
        {
            if (!stored.TryGetValue(f.Id, out var row))
            {
                f.SyncedAt = now;
                db.Flavors.Add(f);
                created++;
                continue;
            }
            (row.Name, row.Vcpus, row.Ram, row.Disk, row.IsPublic) = (f.Name, f.Vcpus, f.Ram, f.Disk, f.IsPublic);
            if (!row.ProjectIds.Order().SequenceEqual(f.ProjectIds.Order())) row.ProjectIds = f.ProjectIds;
            if (db.Entry(row).State == EntityState.Modified) { row.SyncedAt = now; updated++; }
        }
        var gone = stored.Keys.Except(listed.Select(f => f.Id)).ToList();
        foreach (var id in gone) db.Flavors.Remove(stored[id]);
        await db.SaveChangesAsync(ct);
        // assigned_to_flavor and the flavor filter read flavors: cached list answers must not outlive a change.
        if (created + updated + gone.Count > 0) await CatalogVersionBump.BumpAsync(db, ct);
        return new ResourceSyncCounts(listed.Count, created, updated, gone.Count);
    }
}
