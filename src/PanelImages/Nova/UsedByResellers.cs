using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;

namespace PanelImages.Nova;

/// <summary>
/// <c>used_by_resellers</c>: the resellers whose clients run an instance booted from the image (same region), from the
/// synced instances and the project → client → reseller mapping. Stored on the image so that lists read one row.
/// </summary>
public static class UsedByResellers
{
    public static async Task<int> RecomputeAsync(CatalogDb db, string? region, CancellationToken ct)
    {
        var instances = db.Instances.Where(i => i.ImageId != null && (region == null || i.Region == region));
        var usage = (await (from i in instances
                            join p in db.Projects on i.ProjectId equals p.Id
                            join c in db.Clients on p.ClientId equals c.Id
                            where c.ResellerId != null
                            select new { i.Region, i.ImageId, Reseller = c.ResellerId!.Value }).Distinct().ToListAsync(ct))
            .GroupBy(u => (u.Region, u.ImageId))
            .ToDictionary(g => g.Key, g => g.Select(u => u.Reseller).Order().ToList());
        var imageIds = usage.Keys.Select(k => k.ImageId!).Distinct().ToList();
        var rows = await db.Images.Where(i => (region == null || i.Region == region)
                                              && (i.UsedByResellers.Count > 0 || imageIds.Contains(i.Id))).ToListAsync(ct);
        var changed = 0;
        foreach (var row in rows)
        {
            var want = usage.GetValueOrDefault((row.Region, row.Id)) ?? [];
            if (want.SequenceEqual(row.UsedByResellers)) continue;
            row.UsedByResellers = want;
            changed++;
        }
        await db.SaveChangesAsync(ct);
        return changed;
    }
}
