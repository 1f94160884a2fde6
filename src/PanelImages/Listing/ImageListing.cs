using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PanelImages.Access;
using PanelImages.Caching;
using PanelImages.Catalog;
using PanelImages.Errors;

namespace PanelImages.Listing;

/// <summary>
/// An image of a page with what its response needs from other tables. <paramref name="FlavorAvailable"/>: one of the
/// image's assigned flavors may be used by the caller's projects (true when it has no assignment).
/// </summary>
public sealed record ImageRow(Image Image, Client? Client, Instance? Instance, bool FlavorAvailable = true);

public sealed record ImagePage(IReadOnlyList<ImageRow> Rows, int Count, int PageNo, int PageSize);

/// <summary>filter ▸ order ▸ page ▸ count, in a fixed number of statements whatever the page size.</summary>
public static class ImageListing
{
    public static async Task<ImagePage> ListAsync(CatalogDb db, Caller caller, ListRequest request, CancellationToken ct, ListCounts? counts = null)
    {
        var staffLike = caller.Audience != Audience.EndUser;
        IQueryable<Image> matching = db.Images.AsNoTracking().VisibleTo(caller, request.Visibility);
        var filter = FilterTranslator.Translate(request.Filters, staffLike);
        if (filter is not null) matching = matching.Where(filter);
        matching = await Flavors.FlavorFilter.ApplyAsync(db, caller, matching, request.Filters, ct);
        if (PredicateTree.All(request.SearchTerms.Select(Search)) is { } search) matching = matching.Where(search);
        var (images, count, pageNo) = await Paging.PageAsync(matching, request, ImageFields.Schema, ct,
            count: c => counts is null ? matching.CountAsync(c) : counts.CountAsync(request, matching, c),
            byKeys: page => db.Images.AsNoTracking().Join(page.Select(i => new { i.Region, i.Id }),
                i => new { i.Region, i.Id }, k => new { k.Region, k.Id }, (i, _) => i));
        return new ImagePage(await WithRelatedAsync(db, images, ct, caller), count, pageNo, request.PageSize);
    }

    private static Expression<Func<Image, bool>> Search(string term)
    {
        var lower = term.ToLowerInvariant();
        return i => (i.Name != null && i.Name.ToLower().Contains(lower)) || i.Id.ToLower().Contains(lower);
    }

    /// <summary>
    /// Loads the clients and instances of a set of images in two statements, and for end users and resellers the
    /// assigned flavors in a third, only when the page has assigned images.
    /// </summary>
    public static async Task<List<ImageRow>> WithRelatedAsync(CatalogDb db, List<Image> images, CancellationToken ct, Caller? caller = null)
    {
        var clientIds = images.Where(i => i.ClientId != null).Select(i => i.ClientId!.Value).Distinct().ToList();
        var instanceIds = images.Where(i => i.InstanceUuid != null).Select(i => i.InstanceUuid!).Distinct().ToList();
        var clients = clientIds.Count == 0 ? [] :
            await db.Clients.AsNoTracking().Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var instances = instanceIds.Count == 0 ? [] :
            await db.Instances.AsNoTracking().Where(i => instanceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var usable = caller is null || caller.Audience == Audience.Staff ? null
            : await Flavors.FlavorAccess.UsableAssignedAsync(db, caller, images, ct);
        return images.Select(i => new ImageRow(i,
            i.ClientId is int c ? clients.GetValueOrDefault(c) : null,
            // An instance of another region with the same id is not this image's instance.
            i.InstanceUuid is string n && instances.GetValueOrDefault(n) is { } instance && (instance.Region is null || instance.Region == i.Region)
                ? instance : null,
            i.FlavorIds.Count == 0 || usable is null || i.FlavorIds.Any(f => usable.Contains((i.Region, f))))).ToList();
    }
}
