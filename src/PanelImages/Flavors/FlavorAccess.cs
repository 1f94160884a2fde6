using Microsoft.EntityFrameworkCore;
using PanelImages.Access;
using PanelImages.Catalog;

namespace PanelImages.Flavors;

/// <summary>Which flavors a caller's projects may use: public ones, and private ones whose access list names one of them.</summary>
public static class FlavorAccess
{
    public static bool UsableBy(Flavor flavor, Caller caller) =>
        caller.Audience == Audience.Staff || flavor.IsPublic || flavor.ProjectIds.Any(caller.ProjectIds.Contains);

    /// <summary>(region, flavor id) of the images' assigned flavors the caller may use; null when no image has an assignment.</summary>
    public static async Task<HashSet<(string Region, string Id)>?> UsableAssignedAsync(CatalogDb db, Caller caller, List<Image> images, CancellationToken ct)
    {
        var assigned = images.SelectMany(i => i.FlavorIds).Distinct().ToList();
        if (assigned.Count == 0) return null;
        var regions = images.Where(i => i.FlavorIds.Count > 0).Select(i => i.Region).Distinct().ToList();
        var flavors = await db.Flavors.AsNoTracking().Where(f => regions.Contains(f.Region) && assigned.Contains(f.Id)).ToListAsync(ct);
        return flavors.Where(f => UsableBy(f, caller)).Select(f => (f.Region, f.Id)).ToHashSet();
    }
}
