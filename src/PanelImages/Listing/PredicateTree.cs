using System.Linq.Expressions;

namespace PanelImages.Listing;

/// <summary>
/// Joins predicates as a balanced tree over one shared parameter. A left-deep chain of n items is n levels deep, and
/// LINQ, EF Core's visitors and SQLite's parser (1,000 levels) all recurse over it; balanced, 1,000 items are 10 levels.
/// </summary>
public static class PredicateTree
{
    public static Expression<Func<T, bool>>? All<T>(IEnumerable<Expression<Func<T, bool>>> predicates) =>
        Join(predicates, Expression.AndAlso);

    public static Expression<Func<T, bool>>? Any<T>(IEnumerable<Expression<Func<T, bool>>> predicates) =>
        Join(predicates, Expression.OrElse);

    private static Expression<Func<T, bool>>? Join<T>(
        IEnumerable<Expression<Func<T, bool>>> predicates, Func<Expression, Expression, BinaryExpression> join)
    {
        var parameter = Expression.Parameter(typeof(T), "i");
        var bodies = predicates.Select(p => new Rebind(p.Parameters[0], parameter).Visit(p.Body)).ToList();
        return bodies.Count == 0 ? null : Expression.Lambda<Func<T, bool>>(Balance(bodies, 0, bodies.Count, join), parameter);
    }

    private static Expression Balance(List<Expression> items, int from, int to, Func<Expression, Expression, BinaryExpression> join)
    {
        if (to - from == 1) return items[from];
        var middle = from + (to - from) / 2;
        return join(Balance(items, from, middle, join), Balance(items, middle, to, join));
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
