using System.Globalization;
using System.Linq.Expressions;
using PanelImages.Catalog;
using PanelImages.Errors;

namespace PanelImages.Listing;

/// <summary>
/// Turns checked filter items into one predicate over the catalogue. Values only ever reach SQL as parameters
/// (captured closures), and only allow-listed fields and lookups get this far.
/// </summary>
public static class FilterTranslator
{
    public static Expression<Func<Image, bool>>? Translate(IReadOnlyList<FilterItem> items, bool staff) =>
        Translate(items, ImageFields.Schema, staff);

    // A flavor item needs the flavor's row (its RAM and disk): Flavors.FlavorFilter applies it, not this translation.
    public static Expression<Func<T, bool>>? Translate<T>(IReadOnlyList<FilterItem> items, ListSchema<T> schema, bool staff) =>
        PredicateTree.All(items.GroupBy(i => i.GroupKey)
            .Select(group => PredicateTree.Any(group.Select(item => (Item: item, Field: Resolve(item, schema, staff)))
                .Where(x => x.Field.Kind != FieldKind.Flavor).Select(x => Translate<T>(x.Item, x.Field))))
            .OfType<Expression<Func<T, bool>>>());

    public static FilterField Resolve<T>(FilterItem item, ListSchema<T> schema, bool staff)
    {
        if (!schema.Filterable.TryGetValue(item.Field, out var field) || (field.StaffOnly && !staff))
            throw ApiException.BadRequest(
                $"Invalid filtering item \"{item.Raw}\": unknown field \"{item.Field}\". Allowed fields: {string.Join(", ", schema.FilterableBy(staff))}.");
        if (!field.Lookups.Contains(item.Lookup))
            throw ApiException.BadRequest(
                $"Invalid filtering item \"{item.Raw}\": lookup \"{item.Lookup}\" does not apply to {item.Field}. Allowed lookups for it: {string.Join(", ", field.Lookups)}.");
        if (item.DateValue && field.Kind != FieldKind.Timestamp)
            throw ApiException.BadRequest($"Invalid filtering item \"{item.Raw}\": __date applies only to created_at and updated_at.");
        return field;
    }

    private static Expression<Func<T, bool>> Translate<T>(FilterItem item, FilterField field)
    {
        var predicate = item.Lookup == "isnull" ? IsNull<T>(item, field) : field.Kind switch
        {
            FieldKind.Text => Text(item, (Expression<Func<T, string?>>)field.Selector),
            FieldKind.Number => Number(item, (Expression<Func<T, long?>>)field.Selector),
            FieldKind.Boolean => Boolean(item, (Expression<Func<T, bool>>)field.Selector),
            FieldKind.Timestamp => Timestamp(item, (Expression<Func<T, DateTime?>>)field.Selector),
            FieldKind.Tags => Tags(item, (Expression<Func<T, List<string>>>)field.Selector),
            _ => throw new InvalidOperationException(),
        };
        return item.Negated ? Expression.Lambda<Func<T, bool>>(Expression.Not(predicate.Body), predicate.Parameters) : predicate;
    }

    private static Expression<Func<T, bool>> IsNull<T>(FilterItem item, FilterField field)
    {
        var isNull = ParseBoolean(item);
        if (field.Kind == FieldKind.Tags)
            return Compose((Expression<Func<T, List<string>>>)field.Selector, isNull ? t => t.Count == 0 : t => t.Count > 0);
        if (!field.Nullable) return isNull ? _ => false : _ => true;
        var body = Expression.Equal(field.Selector.Body, Expression.Constant(null, field.Selector.ReturnType));
        return Expression.Lambda<Func<T, bool>>(isNull ? body : Expression.Not(body), field.Selector.Parameters);
    }

    private static Expression<Func<T, bool>> Text<T>(FilterItem item, Expression<Func<T, string?>> s)
    {
        var v = item.Value;
        var lower = v.ToLowerInvariant();
        return item.Lookup switch
        {
            "exact" when IsNullWord(v) => Compose(s, x => x == null),
            "exact" => Compose(s, x => x == v),
            "iexact" => Compose(s, x => x != null && x.ToLower() == lower),
            "contains" => Compose(s, x => x != null && x.Contains(v)),
            "icontains" => Compose(s, x => x != null && x.ToLower().Contains(lower)),
            "startswith" => Compose(s, x => x != null && x.StartsWith(v)),
            "istartswith" => Compose(s, x => x != null && x.ToLower().StartsWith(lower)),
            "in" => InList(s, SplitList(item)),
            _ => throw Unsupported(item),
        };
    }

    private static Expression<Func<T, bool>> InList<T>(Expression<Func<T, string?>> s, List<string> values) =>
        Compose(s, x => values.Contains(x!));

    private static Expression<Func<T, bool>> Number<T>(FilterItem item, Expression<Func<T, long?>> s)
    {
        if (item.Lookup == "in")
        {
            var values = SplitList(item).Select(v => (long?)ParseNumber(item, v)).ToList();
            return Compose(s, x => values.Contains(x));
        }
        if (IsNullWord(item.Value) && item.Lookup == "exact") return Compose(s, x => x == null);
        long n = ParseNumber(item, item.Value);
        return item.Lookup switch
        {
            "exact" => Compose(s, x => x == n),
            "gt" => Compose(s, x => x > n),
            "gte" => Compose(s, x => x >= n),
            "lt" => Compose(s, x => x < n),
            "lte" => Compose(s, x => x <= n),
            _ => throw Unsupported(item),
        };
    }

    private static Expression<Func<T, bool>> Boolean<T>(FilterItem item, Expression<Func<T, bool>> s)
    {
        var b = ParseBoolean(item);
        return Compose(s, x => x == b);
    }

    private static Expression<Func<T, bool>> Timestamp<T>(FilterItem item, Expression<Func<T, DateTime?>> s)
    {
        if (item.Lookup == "in")
        {
            var values = SplitList(item).Select(v => (DateTime?)ParseTimestamp(item, v).At).ToList();
            return Compose(s, x => values.Contains(x));
        }
        if (IsNullWord(item.Value) && item.Lookup == "exact") return Compose(s, x => x == null);
        var (at, wholeDay) = ParseTimestamp(item, item.Value);
        if (!wholeDay)
            return item.Lookup switch
            {
                "exact" => Compose(s, x => x == at),
                "gt" => Compose(s, x => x > at),
                "gte" => Compose(s, x => x >= at),
                "lt" => Compose(s, x => x < at),
                "lte" => Compose(s, x => x <= at),
                _ => throw Unsupported(item),
            };
        // A bare date names a whole day; the calendar's last day has no next one.
        if (at.Date == DateTime.MaxValue.Date)
            return item.Lookup switch
            {
                "exact" or "gte" => Compose(s, x => x >= at),
                "gt" => _ => false,
                "lt" => Compose(s, x => x < at),
                "lte" => Compose(s, x => x != null),
                _ => throw Unsupported(item),
            };
        var next = at.AddDays(1);
        return item.Lookup switch
        {
            "exact" => Compose(s, x => x >= at && x < next),
            "gt" => Compose(s, x => x >= next),
            "gte" => Compose(s, x => x >= at),
            "lt" => Compose(s, x => x < at),
            "lte" => Compose(s, x => x < next),
            _ => throw Unsupported(item),
        };
    }

    private static Expression<Func<T, bool>> Tags<T>(FilterItem item, Expression<Func<T, List<string>>> s)
    {
        var v = item.Value;
        var lower = v.ToLowerInvariant();
        if (item.Lookup == "in")
        {
            var values = SplitList(item);
            return Compose(s, t => t.Any(x => values.Contains(x)));
        }
        return item.Lookup switch
        {
            "exact" => Compose(s, t => t.Contains(v)),
            "iexact" => Compose(s, t => t.Any(x => x.ToLower() == lower)),
            "contains" => Compose(s, t => t.Any(x => x.Contains(v))),
            "icontains" => Compose(s, t => t.Any(x => x.ToLower().Contains(lower))),
            "startswith" => Compose(s, t => t.Any(x => x.StartsWith(v))),
            "istartswith" => Compose(s, t => t.Any(x => x.ToLower().StartsWith(lower))),
            _ => throw Unsupported(item),
        };
    }

    private static bool IsNullWord(string value) => value.Equals("null", StringComparison.OrdinalIgnoreCase);

    private static List<string> SplitList(FilterItem item)
    {
        var values = item.Value.Split(',').Where(v => v.Length > 0).ToList();
        if (values.Count == 0)
            throw ApiException.BadRequest($"Invalid filtering item \"{item.Raw}\": __in needs comma-separated values.");
        return values;
    }

    private static long ParseNumber(FilterItem item, string value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
        : throw ApiException.BadRequest($"Invalid filtering item \"{item.Raw}\": {item.Field} takes an integer, not \"{value}\".");

    private static bool ParseBoolean(FilterItem item) =>
        item.Value.ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw ApiException.BadRequest($"Invalid filtering item \"{item.Raw}\": expected true or false, not \"{item.Value}\"."),
        };

    private static readonly string[] DateOnlyFormats = ["yyyy-MM-dd"];

    private static (DateTime At, bool WholeDay) ParseTimestamp(FilterItem item, string value)
    {
        if (item.DateValue)
        {
            var parts = value.Split(',');
            if (parts.Length == 3 && int.TryParse(parts[0], out var y) && int.TryParse(parts[1], out var m) && int.TryParse(parts[2], out var d)
                && y is >= 1 and <= 9999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
                return (new DateTime(y, m, d, 0, 0, 0, DateTimeKind.Utc), item.Lookup == "exact");
            throw ApiException.BadRequest($"Invalid filtering item \"{item.Raw}\": __date takes YYYY,MM,DD, not \"{value}\".");
        }
        if (DateTime.TryParseExact(value, DateOnlyFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day))
            return (DateTime.SpecifyKind(day, DateTimeKind.Utc), true);
        if (value.Contains('T') && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return (at.UtcDateTime, false);
        throw ApiException.BadRequest($"Invalid filtering item \"{item.Raw}\": {item.Field} takes an ISO 8601 date or time (2024-03-20, 2024-03-20T07:52:50Z), not \"{value}\".");
    }

    private static ApiException Unsupported(FilterItem item) =>
        ApiException.BadRequest($"Invalid filtering item \"{item.Raw}\": lookup \"{item.Lookup}\" does not apply to {item.Field}.");

    private static Expression<Func<T, bool>> Compose<T, TValue>(Expression<Func<T, TValue>> selector, Expression<Func<TValue, bool>> predicate) =>
        Expression.Lambda<Func<T, bool>>(
            new ParameterReplacer(predicate.Parameters[0], selector.Body).Visit(predicate.Body), selector.Parameters);

    /// <summary>Replaces one parameter with an expression.</summary>
    private sealed class ParameterReplacer(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
