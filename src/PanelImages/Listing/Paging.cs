using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using PanelImages.Errors;

namespace PanelImages.Listing;

/// <summary>order ▸ page ▸ count for any list, in at most two statements.</summary>
public static class Paging
{
    public static async Task<(List<T> Rows, int Count, int PageNo)> PageAsync<T>(
        IQueryable<T> matching, ListRequest request, ListSchema<T> schema, CancellationToken ct)
    {
        var ordered = Order(matching, request.Ordering, schema);
        if (request.Page is int page)
        {
            var skip = (long)(page - 1) * request.PageSize;
            if (skip > int.MaxValue) throw InvalidPage();
            var rows = await ordered.Skip((int)skip).Take(request.PageSize).ToListAsync(ct);
            if (rows.Count == 0 && page > 1) throw InvalidPage();
            // A page that is not full tells the total without a COUNT.
            var count = rows.Count < request.PageSize ? (int)skip + rows.Count : await matching.CountAsync(ct);
            return (rows, count, page);
        }
        var total = await matching.CountAsync(ct);
        var last = Math.Max(1, (total + request.PageSize - 1) / request.PageSize);
        return (await ordered.Skip((last - 1) * request.PageSize).Take(request.PageSize).ToListAsync(ct), total, last);
    }

    private static ApiException InvalidPage() => new(StatusCodes.Status404NotFound, "Invalid page.");

    /// <summary>Orders by the requested terms, then by the schema's tie-breakers in the last term's direction, so pages never overlap.</summary>
    private static IOrderedQueryable<T> Order<T>(IQueryable<T> rows, IReadOnlyList<OrderTerm> terms, ListSchema<T> schema)
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
