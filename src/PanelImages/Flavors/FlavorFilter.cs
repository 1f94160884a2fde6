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
        {
            Expression<Func<Image, bool>> any = False;
            foreach (var item in group)
            {
                var wanted = item.Lookup == "in" ? item.Value.Split(',', StringSplitOptions.TrimEntries) : [item.Value];
                var matching = flavors.Where(f => wanted.Contains(f.Id)).ToList();
                if (matching.Count == 0)
                    throw ApiException.BadRequest($"Invalid filtering item \"{item.Raw}\": no flavor {string.Join(", ", wanted)} is available to you.");
                Expression<Func<Image, bool>> bootable = False;
                foreach (var f in matching) bootable = Or(bootable, BootsWith(f));
                any = Or(any, item.Negated ? Not(bootable) : bootable);
            }
            images = images.Where(any);
        }
        return images;
    }

    public static Expression<Func<Image, bool>> BootsWith(Flavor f)
    {
        var (region, id, ram, disk) = (f.Region, f.Id, f.Ram, f.Disk);
        return i => i.Region == region && i.MinRam <= ram && (disk == 0 || i.MinDisk <= disk)
                    && (i.FlavorIds.Count == 0 || i.FlavorIds.Contains(id));
    }

    private static readonly Expression<Func<Image, bool>> False = _ => false;

    private static Expression<Func<Image, bool>> Or(Expression<Func<Image, bool>> a, Expression<Func<Image, bool>> b)
    {
        var body = Expression.OrElse(a.Body, new Rebind(b.Parameters[0], a.Parameters[0]).Visit(b.Body));
        return Expression.Lambda<Func<Image, bool>>(body, a.Parameters);
    }

    private static Expression<Func<Image, bool>> Not(Expression<Func<Image, bool>> a) =>
        Expression.Lambda<Func<Image, bool>>(Expression.Not(a.Body), a.Parameters);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
