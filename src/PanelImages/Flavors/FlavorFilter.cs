using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.Listing;

namespace PanelImages.Flavors;

/// <summary>
/// <c>flavor:&lt;id&gt;</c> (also <c>flavor__in:a,b</c>, <c>flavor__ne:</c>): the images that can boot with that flavor in its
/// region — not assigned to other flavors only (no assignment, or this flavor among them), min_ram ≤ its RAM and
/// min_disk ≤ its disk (a flavor with disk 0 takes the image's size). A flavor the caller cannot use is unknown to it.
/// </summary>
public static class FlavorFilter
{
    public static async Task<IQueryable<Image>> ApplyAsync(CatalogDb db, Caller caller, IQueryable<Image> images,
        IReadOnlyList<FilterItem> filters, CancellationToken ct)
    {
        var items = filters.Where(f => f.Field == "flavor").ToList();
        if (items.Count == 0) return images;
        var ids = items.SelectMany(i => i.Lookup == "in" ? i.Value.Split(',', StringSplitOptions.TrimEntries) : [i.Value]).Distinct().ToList();
        if (ids.Count > 100) throw ApiException.BadRequest("The flavor filter takes at most 100 flavors.");
        var flavors = (await db.Flavors.AsNoTracking().Where(f => ids.Contains(f.Id)).ToListAsync(ct)).Where(f => FlavorAccess.UsableBy(f, caller)).ToList();
        // The grammar's rule: items of one key are OR-ed, different keys (and each negated item) AND-ed.
        foreach (var group in items.GroupBy(i => i.GroupKey))
            images = images.Where(PredicateTree.Any(group.Select(item =>
            {
                var wanted = item.Lookup == "in" ? item.Value.Split(',', StringSplitOptions.TrimEntries) : [item.Value];
                var matching = flavors.Where(f => wanted.Contains(f.Id)).ToList();
                if (matching.Count == 0)
                    throw ApiException.BadRequest($"Invalid filtering item \"{item.Raw}\": no flavor {string.Join(", ", wanted)} is available to you.");
                var bootable = PredicateTree.Any(matching.Select(BootsWith))!;
                return item.Negated ? Expression.Lambda<Func<Image, bool>>(Expression.Not(bootable.Body), bootable.Parameters) : bootable;
            }))!);
        return images;
    }

    public static Expression<Func<Image, bool>> BootsWith(Flavor f)
    {
        var (region, id, ram, disk) = (f.Region, f.Id, f.Ram, f.Disk);
        return i => i.Region == region && i.MinRam <= ram && (disk == 0 || i.MinDisk <= disk)
                    && (i.FlavorIds.Count == 0 || i.FlavorIds.Contains(id));
    }
}
