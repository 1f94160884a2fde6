using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PanelImages.Errors;

namespace PanelImages.Listing;

/// <summary>order ▸ page ▸ count for any list, in at most two statements.</summary>
public static class Paging
{
    /// <param name="count">The exact count of <paramref name="matching"/>; a plain COUNT when null.</param>
    /// <param name="byKeys">
    /// Re-reads a page's rows from a query of them (joined on their keys). Past the first page, the skipped rows are then
    /// walked in the page subquery as keys only (a covering index, no table rows) and only the page's own rows are
    /// read, so page 500 costs about what page 1 does.
    /// </param>
    public static Task<(List<T> Rows, int Count, int PageNo)> PageAsync<T>(
        IQueryable<T> matching, ListRequest request, ListSchema<T> schema, CancellationToken ct,
        Func<CancellationToken, Task<int>>? count = null, Func<IQueryable<T>, IQueryable<T>>? byKeys = null) =>
        PageAsync(matching, request, schema, ct, rows => rows, count, byKeys);

    /// <param name="project">
    /// Joins what each row of the page needs from other tables onto the ordered page, in the page's own statement.
    /// </param>
    public static async Task<(List<TRow> Rows, int Count, int PageNo)> PageAsync<T, TRow>(
        IQueryable<T> matching, ListRequest request, ListSchema<T> schema, CancellationToken ct,
        Func<IQueryable<T>, IQueryable<TRow>> project,
        Func<CancellationToken, Task<int>>? count = null, Func<IQueryable<T>, IQueryable<T>>? byKeys = null)
    {
        count ??= matching.CountAsync;
        var ordered = Order(matching, request.Ordering, schema);
        Task<List<TRow>> Rows(int skip) =>
            project(skip == 0 || byKeys is null ? ordered.Skip(skip).Take(request.PageSize)
                : Order(byKeys(ordered.Skip(skip).Take(request.PageSize)), request.Ordering, schema)).ToListAsync(ct);
        if (request.Page is int page)
        {
            var skip = (long)(page - 1) * request.PageSize;
            if (skip > int.MaxValue) throw InvalidPage();
            var rows = await Rows((int)skip);
            if (rows.Count == 0 && page > 1) throw InvalidPage();
            // A page that is not full tells the total without a COUNT.
            var total = rows.Count < request.PageSize ? (int)skip + rows.Count : await count(ct);
            return (rows, total, page);
        }
        var all = await count(ct);
        var last = Math.Max(1, (all + request.PageSize - 1) / request.PageSize);
        return (await Rows((last - 1) * request.PageSize), all, last);
    }

    private static ApiException InvalidPage() => new(StatusCodes.Status404NotFound, "Invalid page.");

    /// <summary>Orders by the requested terms, then by the schema's tie-breakers in the last term's direction, so pages never overlap.</summary>
    public static IOrderedQueryable<T> Order<T>(IQueryable<T> rows, IReadOnlyList<OrderTerm> terms, ListSchema<T> schema)
    {
        var lastDescending = terms[^1].Descending;
        var all = terms.Concat(schema.TieBreakers.Select(t => new OrderTerm(t, lastDescending))).DistinctBy(t => t.Field);
        IOrderedQueryable<T>? ordered = null;
        foreach (var term in all)
        {
            var selector = schema.Orderable[term.Field];
            var method = (ordered is null, term.Descending) switch
            {
                (true, false) => nameof(Queryable.OrderBy),
                (true, true) => nameof(Queryable.OrderByDescending),
                (false, false) => nameof(Queryable.ThenBy),
                (false, true) => nameof(Queryable.ThenByDescending),
            };
            var source = (IQueryable<T>?)ordered ?? rows;
            ordered = (IOrderedQueryable<T>)source.Provider.CreateQuery<T>(Expression.Call(
                typeof(Queryable), method, [typeof(T), selector.ReturnType], source.Expression, Expression.Quote(selector)));
        }
        return ordered!;
    }
}
