using PanelImages.Errors;

namespace PanelImages.Listing;

/// <summary>One <c>key:value</c> item of the <c>filtering</c> parameter, parsed but not yet checked against the allow-list.</summary>
/// <param name="Raw">The item as sent, for error messages.</param>
/// <param name="Field">The field name before any <c>__</c> suffix.</param>
/// <param name="Lookup">exact, iexact, contains, … (exact when none was given).</param>
/// <param name="Negated">The item had the <c>__ne</c> suffix: it excludes instead of selecting.</param>
/// <param name="DateValue">The item had the reference panel's <c>__date</c> suffix: the value is <c>YYYY,MM,DD</c>.</param>
public sealed record FilterItem(string Raw, string Field, string Lookup, bool Negated, bool DateValue, string Value)
{
    /// <summary>Items with the same group key are OR-ed; different groups are AND-ed; each negated item stands alone.</summary>
    public string GroupKey => Negated ? Raw : Field + "__" + Lookup;
}

/// <summary>
/// The <c>filtering</c> grammar: items joined by <c>+</c>, each <c>key[__lookup][__date][__ne]:value</c>,
/// split at the first <c>:</c> so values keep theirs.
/// </summary>
public static class FilterGrammar
{
    public static readonly string[] Lookups =
        ["exact", "iexact", "contains", "icontains", "startswith", "istartswith", "in", "gt", "gte", "lt", "lte", "isnull"];

    public static IReadOnlyList<FilterItem> Parse(string? filtering)
    {
        if (string.IsNullOrEmpty(filtering)) return [];
        var items = new List<FilterItem>();
        foreach (var raw in filtering.Split('+'))
        {
            if (raw.Length == 0) continue; // "a:1+" or "a:1++b:2": a stray separator selects nothing
            var colon = raw.IndexOf(':');
            if (colon < 0)
                throw ApiException.BadRequest($"Invalid filtering item \"{raw}\": expected key:value (items are joined by '+', sent as %2B).");
            var key = raw[..colon].Trim();
            var value = raw[(colon + 1)..];
            items.Add(ParseKey(raw, key, value));
        }
        return items;
    }

    private static FilterItem ParseKey(string raw, string key, string value)
    {
        var parts = key.Split("__");
        var field = parts[0];
        if (field.Length == 0)
            throw ApiException.BadRequest($"Invalid filtering item \"{raw}\": the key is empty.");
        string? lookup = null;
        bool negated = false, dateValue = false;
        foreach (var suffix in parts.Skip(1))
        {
            if (suffix == "ne" && !negated) negated = true;
            else if (suffix == "date" && !dateValue) dateValue = true;
            else if (Lookups.Contains(suffix) && lookup is null) lookup = suffix;
            else
                throw ApiException.BadRequest(
                    $"Invalid filtering item \"{raw}\": unknown or repeated lookup \"{suffix}\". Allowed lookups: {string.Join(", ", Lookups)}; suffixes __date and __ne.");
        }
        return new FilterItem(raw, field, lookup ?? "exact", negated, dateValue, value);
    }
}
