using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.Errors;

namespace PanelImages.Listing;

/// <summary>An image of a page with what its response needs from other tables.</summary>
public sealed record ImageRow(Image Image, Client? Client, Instance? Instance);

public sealed record ImagePage(IReadOnlyList<ImageRow> Rows, int Count, int PageNo, int PageSize)
{
    public int LastPage => Math.Max(1, (Count + PageSize - 1) / PageSize);
}

/// <summary>filter ▸ order ▸ page ▸ count, in a fixed number of statements whatever the page size.</summary>
public static class ImageListing
{
    public static async Task<ImagePage> ListAsync(CatalogDb db, Caller caller, ListRequest request, CancellationToken ct)
    {
        var staffLike = caller.Audience != Audience.EndUser;
        IQueryable<Image> matching = db.Images.AsNoTracking().VisibleTo(caller, request.Visibility);
        var filter = FilterTranslator.Translate(request.Filters, staffLike);
        if (filter is not null) matching = matching.Where(filter);
        foreach (var term in request.SearchTerms)
        {
            var lower = term.ToLowerInvariant();
            matching = matching.Where(i => (i.Name != null && i.Name.ToLower().Contains(lower)) || i.Id.ToLower().Contains(lower));
        }
        var ordered = Order(matching, request.Ordering);

        int count, pageNo;
        List<Image> images;
        if (request.Page is int page)
        {
            pageNo = page;
            var skip = (long)(page - 1) * request.PageSize;
            if (skip > int.MaxValue) throw InvalidPage();
            images = await ordered.Skip((int)skip).Take(request.PageSize).ToListAsync(ct);
            if (images.Count == 0 && page > 1) throw InvalidPage();
            // A page that is not full tells the total without a COUNT.
            count = images.Count < request.PageSize ? (int)skip + images.Count : await matching.CountAsync(ct);
        }
        else
        {
            count = await matching.CountAsync(ct);
            pageNo = Math.Max(1, (count + request.PageSize - 1) / request.PageSize);
            images = await ordered.Skip((pageNo - 1) * request.PageSize).Take(request.PageSize).ToListAsync(ct);
        }
        return new ImagePage(await WithRelatedAsync(db, images, ct), count, pageNo, request.PageSize);
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

    private static ApiException InvalidPage() => new(StatusCodes.Status404NotFound, "Invalid page.");

    /// <summary>Orders by the requested terms, then by id and region in the last term's direction, so pages never overlap.</summary>
    private static IOrderedQueryable<Image> Order(IQueryable<Image> images, IReadOnlyList<OrderTerm> terms)
    {
        var lastDescending = terms[^1].Descending;
        var all = terms.Concat([new OrderTerm("id", lastDescending), new OrderTerm("region", lastDescending)])
            .DistinctBy(t => t.Field);
        IOrderedQueryable<Image>? ordered = null;
        foreach (var term in all)
        {
            var selector = ImageFields.Orderable[term.Field];
            var method = (ordered is null, term.Descending) switch
            {
                (true, false) => nameof(Queryable.OrderBy),
                (true, true) => nameof(Queryable.OrderByDescending),
                (false, false) => nameof(Queryable.ThenBy),
                (false, true) => nameof(Queryable.ThenByDescending),
            };
            var source = (IQueryable<Image>?)ordered ?? images;
            ordered = (IOrderedQueryable<Image>)source.Provider.CreateQuery<Image>(Expression.Call(
                typeof(Queryable), method, [typeof(Image), selector.ReturnType], source.Expression, Expression.Quote(selector)));
        }
        return ordered!;
    }
}
