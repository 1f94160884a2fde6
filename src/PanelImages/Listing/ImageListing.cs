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
        var matching = await MatchingAsync(db, caller, request, ct);
        var (rows, count, pageNo) = await Paging.PageAsync(matching, request, ImageFields.Schema, ct,
            project: page => WithClientAndInstance(db, page),
            count: c => CountAsync(matching, request, counts, c),
            byKeys: page => db.Images.AsNoTracking().Join(page.Select(i => new { i.Region, i.Id }),
                i => new { i.Region, i.Id }, k => new { k.Region, k.Id }, (i, _) => i));
        return new ImagePage(await WithFlavorsAsync(db, rows, caller, ct), count, pageNo, request.PageSize);
    }

    /// <summary>
    /// Every image of the list (its set, filters, search and ordering, no paging) as one streamed query, after a
    /// count: more than <paramref name="bound"/> is a 400 that says how many. The Take holds the bound should
    /// images arrive between the count and the read. FlavorAvailable is not computed: no export column shows it.
    /// </summary>
    public static async Task<IAsyncEnumerable<ImageRow>> ExportAsync(CatalogDb db, Caller caller, ListRequest request, int bound,
        CancellationToken ct, ListCounts? counts = null)
    {
        var matching = await MatchingAsync(db, caller, request, ct);
        var count = await CountAsync(matching, request, counts, ct);
        if (count > bound)
            throw ApiException.BadRequest(
                $"{count} images match; an export holds at most {bound} (Listing:MaxExportRows). Narrow the filters or the search.");
        var ordered = Paging.Order(matching, request.Ordering, ImageFields.Schema).Take(bound);
        return Rows(WithClientAndInstance(db, ordered).AsAsyncEnumerable(), ct);

        static async IAsyncEnumerable<ImageRow> Rows(IAsyncEnumerable<ImageRow> rows,
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
        {
            await foreach (var row in rows.WithCancellation(ct)) yield return row with { Instance = InstanceOf(row) };
        }
    }

    /// <summary>The images the caller may see that match the request: the one set of the list, the export and the facets.</summary>
    public static async Task<IQueryable<Image>> MatchingAsync(CatalogDb db, Caller caller, ListRequest request, CancellationToken ct)
    {
        var staffLike = caller.Audience != Audience.EndUser;
        // SQLite runs the correlated EXISTS of shares once per shared image of others (605 ms for an end user's first
        // page at 1M, bench/RESULTS.md) and needs the memberships-first IN; PostgreSQL plans the EXISTS as a semi-join
        // and was 20-30 % slower with the IN. One image by id (retrieve) is found by its key first either way.
        IQueryable<Image> matching = db.Images.AsNoTracking()
            .VisibleTo(caller, request.Visibility with { MembershipsFirst = db is SqliteCatalogDb });
        var filter = FilterTranslator.Translate(request.Filters, staffLike);
        if (filter is not null) matching = matching.Where(filter);
        matching = await Flavors.FlavorFilter.ApplyAsync(db, caller, matching, request.Filters, ct);
        if (PredicateTree.All(request.SearchTerms.Select(Search)) is { } search) matching = matching.Where(search);
        return matching;
    }

    private static Task<int> CountAsync(IQueryable<Image> matching, ListRequest request, ListCounts? counts, CancellationToken ct) =>
        counts is null ? matching.CountAsync(ct) : counts.CountAsync(request, matching, ct);

    /// <summary>
    /// The page's clients and instances joined in the page's statement (a cold page was two statements more). Ordering
    /// survives the joins: EF Core keeps a page's ORDER BY on the query that wraps it.
    /// </summary>
    private static IQueryable<ImageRow> WithClientAndInstance(CatalogDb db, IQueryable<Image> page) => page
        .LeftJoin(db.Clients.AsNoTracking(), i => i.ClientId, c => (int?)c.Id, (i, c) => new { Image = i, Client = c })
        .LeftJoin(db.Instances.AsNoTracking(), r => r.Image.InstanceUuid, n => n.Id,
            (r, n) => new ImageRow(r.Image, r.Client, n, true));

    private static Expression<Func<Image, bool>> Search(string term)
    {
        var lower = term.ToLowerInvariant();
        return i => (i.Name != null && i.Name.ToLower().Contains(lower)) || i.Id.ToLower().Contains(lower);
    }

    /// <summary>
    /// Loads the clients and instances of images read on their own (retrieve, an action's answer) in two statements,
    /// and for end users and resellers the assigned flavors in a third, only when they have assigned images.
    /// </summary>
    public static async Task<List<ImageRow>> WithRelatedAsync(CatalogDb db, List<Image> images, CancellationToken ct, Caller caller)
    {
        var clientIds = images.Where(i => i.ClientId != null).Select(i => i.ClientId!.Value).Distinct().ToList();
        var instanceIds = images.Where(i => i.InstanceUuid != null).Select(i => i.InstanceUuid!).Distinct().ToList();
        var clients = clientIds.Count == 0 ? [] :
            await db.Clients.AsNoTracking().Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var instances = instanceIds.Count == 0 ? [] :
            await db.Instances.AsNoTracking().Where(i => instanceIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        return await WithFlavorsAsync(db, images.ConvertAll(i => new ImageRow(i,
            i.ClientId is int c ? clients.GetValueOrDefault(c) : null,
            i.InstanceUuid is string n ? instances.GetValueOrDefault(n) : null)), caller, ct);
    }

    /// <summary>
    /// For end users and resellers, one statement for the assigned flavors, only when the rows have assigned images;
    /// then the rules that complete a row.
    /// </summary>
    private static async Task<List<ImageRow>> WithFlavorsAsync(CatalogDb db, List<ImageRow> rows, Caller caller, CancellationToken ct) =>
        Completed(rows, caller.Audience == Audience.Staff ? null
            : await Flavors.FlavorAccess.UsableAssignedAsync(db, caller, rows.ConvertAll(r => r.Image), ct));

    private static List<ImageRow> Completed(List<ImageRow> rows, HashSet<(string Region, string Id)>? usable) =>
        rows.ConvertAll(r => r with
        {
            Instance = InstanceOf(r),
            FlavorAvailable = r.Image.FlavorIds.Count == 0 || usable is null
                || r.Image.FlavorIds.Any(f => usable.Contains((r.Image.Region, f))),
        });

    /// <summary>An instance of another region with the same id is not this image's instance.</summary>
    private static Instance? InstanceOf(ImageRow row) =>
        row.Instance is { } n && (n.Region is null || n.Region == row.Image.Region) ? n : null;
}
