using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PanelImages.Access;
using PanelImages.Caching;
using PanelImages.Catalog;
using PanelImages.Errors;

namespace PanelImages.Listing;

/// <summary>An image of a page with what its response needs from other tables.</summary>
public sealed record ImageRow(Image Image, Client? Client, Instance? Instance);

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
        if (PredicateTree.All(request.SearchTerms.Select(Search)) is { } search) matching = matching.Where(search);
        var (images, count, pageNo) = await Paging.PageAsync(matching, request, ImageFields.Schema, ct,
            count: c => counts is null ? matching.CountAsync(c) : counts.CountAsync(request, matching, c),
            byKeys: page => db.Images.AsNoTracking().Join(page.Select(i => new { i.Region, i.Id }),
                i => new { i.Region, i.Id }, k => new { k.Region, k.Id }, (i, _) => i));
        return new ImagePage(await WithRelatedAsync(db, images, ct), count, pageNo, request.PageSize);
    }

    private static Expression<Func<Image, bool>> Search(string term)
    {
        var lower = term.ToLowerInvariant();
        return i => (i.Name != null && i.Name.ToLower().Contains(lower)) || i.Id.ToLower().Contains(lower);
    }

    /// <summary>Loads the clients and instances of a set of images in two statements.</summary>
    public static async Task<List<ImageRow>> WithRelatedAsync(CatalogDb db, List<Image> images, CancellationToken ct)
    {
        var clientIds = images.Where(i => i.ClientId != null).Select(i => i.ClientId!.Value).Distinct().ToList();
        var instanceIds = images.Where(i => i.InstanceUuid != null).Select(i => i.InstanceUuid!).Distinct().ToList();
        var clients = clientIds.Count == 0 ? [] :
            await db.Clients.AsNoTracking().Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var instances = instanceIds.Count == 0 ? [] :
            await db.Instances.AsNoTracking().Where(i => instanceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        return images.Select(i => new ImageRow(i,
            i.ClientId is int c ? clients.GetValueOrDefault(c) : null,
            i.InstanceUuid is string n ? instances.GetValueOrDefault(n) : null)).ToList();
    }
}
