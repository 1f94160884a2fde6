using System.Globalization;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.Errors;

namespace PanelImages.Listing;

public sealed class ListingOptions
{
    public const string Section = "Listing";

    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int MaxPageSize { get; set; } = 1000;

    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int DefaultPageSize { get; set; } = 20;

    // Caps on what one query string may ask for (README "Limits"). The predicates are balanced trees, but EF Core
    // writes a AND b AND c without parentheses and SQLite parses that 1,000 levels deep at most: the ceilings keep
    // every configurable cap far below it (tested at the ceilings on both databases).
    [System.ComponentModel.DataAnnotations.Range(1, 256)]
    public int MaxSearchTerms { get; set; } = 16;

    [System.ComponentModel.DataAnnotations.Range(1, 256)]
    public int MaxFilterItems { get; set; } = 32;

    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int MaxInValues { get; set; } = 100;

    /// <summary>Rows one CSV export may hold; more matching images are a 400, never a silently cut file.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int MaxExportRows { get; set; } = 10_000;
}

public sealed record OrderTerm(string Field, bool Descending);

/// <summary>A list request's query string, parsed and checked; anything it cannot use is a 400, never ignored.</summary>
public sealed record ListRequest(
    IReadOnlyList<FilterItem> Filters,
    IReadOnlyList<string> SearchTerms,
    IReadOnlyList<OrderTerm> Ordering,
    int? Page,
    int PageSize)
{
    /// <summary>member_status and owned items (end users and resellers), taken out of the filters: they choose the set.</summary>
    public SetChoice Set { get; init; } = SetChoice.Default;

    /// <summary>Direct exact-match parameters the reference panel accepts beside <c>filtering</c>.</summary>
    private static readonly string[] Shortcuts = ["name", "type", "instance_uuid"];

    /// <summary>
    /// An image list request: <c>staff</c> fields for staff and resellers, member_status and owned for the others.
    /// Not <paramref name="paged"/> (the CSV export): page and page_size are unknown parameters, the rest the same.
    /// </summary>
    public static ListRequest Parse(IQueryCollection query, ListingOptions options, Audience audience, bool paged = true) =>
        Parse(query, options, audience != Audience.EndUser, ImageFields.Schema, Shortcuts, audience == Audience.Staff, paged);

    public static ListRequest Parse<T>(IQueryCollection query, ListingOptions options, bool staff, ListSchema<T> schema, string[] shortcuts,
        bool seesEverything = true, bool paged = true)
    {
        string[] parameters = ["filtering", "search", "ordering", .. paged ? PagingParameters : [], .. shortcuts];
        foreach (var (key, values) in query)
        {
            if (!parameters.Contains(key))
                throw ApiException.BadRequest($"Unknown query parameter \"{key}\". Allowed: {string.Join(", ", parameters)}.");
            if (values.Count > 1)
                throw ApiException.BadRequest($"Query parameter \"{key}\" was given {values.Count} times; give it once.");
        }

        var filters = FilterGrammar.Parse(query["filtering"]).ToList();
        foreach (var shortcut in shortcuts)
            if (query.TryGetValue(shortcut, out var value) && value.ToString().Length > 0)
                filters.Add(new FilterItem($"{shortcut}={value}", shortcut, "exact", false, false, value.ToString()));
        var set = typeof(T) == typeof(Catalog.Image) ? SetChoice.Take(filters, seesEverything) : SetChoice.Default;
        if (filters.Count + set.Items > options.MaxFilterItems)
            throw ApiException.BadRequest(
                $"Too many filtering items: {filters.Count + set.Items}; at most {options.MaxFilterItems} (Listing:MaxFilterItems).");
        foreach (var item in filters)
        {
            FilterTranslator.Resolve(item, schema, staff); // fail fast, before any SQL
            if (item.Lookup == "in" && item.Value.Split(',').Count(v => v.Length > 0) is var n && n > options.MaxInValues)
                throw ApiException.BadRequest(
                    $"Invalid filtering item \"{item.Field}__in\": {n} values; at most {options.MaxInValues} (Listing:MaxInValues).");
        }
        var search = ParseSearch(query["search"]);
        if (search.Length > options.MaxSearchTerms)
            throw ApiException.BadRequest(
                $"Too many search terms: {search.Length}; at most {options.MaxSearchTerms} (Listing:MaxSearchTerms).");

        return new ListRequest(filters, search, ParseOrdering(query["ordering"], schema),
            ParsePage(query["page"]), ParsePageSize(query["page_size"], options)) { Set = set };
    }

    private static readonly string[] PagingParameters = ["page", "page_size"];

    /// <summary>What the filters explicitly ask for that the caller's default set leaves out.</summary>
    public VisibilityRequest Visibility => new(
        Public: Asks("visibility", "public"), Community: Asks("visibility", "community"), Deleted: Asks("status", "deleted"),
        Shares: Set.Shares ?? ShareStatuses.Accepted, Owned: Set.Owned, SharesOnly: Set.Shares is not null);

    private bool Asks(string field, string value) => Filters.Any(f =>
        f.Field == field && !f.Negated && f.Lookup is "exact" or "iexact" or "in"
        && f.Value.Split(f.Lookup == "in" ? ',' : '\0').Any(v => v.Equals(value, StringComparison.OrdinalIgnoreCase)));

    private static string[] ParseSearch(string? search) =>
        string.IsNullOrWhiteSpace(search) ? [] : search.Split([' ', ',', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static List<OrderTerm> ParseOrdering<T>(string? ordering, ListSchema<T> schema)
    {
        if (string.IsNullOrWhiteSpace(ordering)) return [.. schema.DefaultOrdering];
        var terms = new List<OrderTerm>();
        foreach (var raw in ordering.Split(','))
        {
            var term = raw.Trim();
            var descending = term.StartsWith('-');
            var field = descending ? term[1..] : term;
            if (!schema.Orderable.ContainsKey(field))
                throw ApiException.BadRequest(
                    $"Invalid ordering \"{term}\". Allowed fields (prefix - for descending): {string.Join(", ", schema.Orderable.Keys)}.");
            if (terms.All(t => t.Field != field)) terms.Add(new OrderTerm(field, descending));
        }
        return terms;
    }

    /// <summary>null means the last page.</summary>
    private static int? ParsePage(string? page)
    {
        if (string.IsNullOrEmpty(page)) return 1;
        if (page == "last") return null;
        return int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n
            : throw new ApiException(StatusCodes.Status404NotFound, "Invalid page.");
    }

    private static int ParsePageSize(string? pageSize, ListingOptions options)
    {
        if (string.IsNullOrEmpty(pageSize)) return Math.Min(options.DefaultPageSize, options.MaxPageSize);
        return int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? Math.Min(n, options.MaxPageSize)
            : pageSize.All(char.IsAsciiDigit) && pageSize.TrimStart('0').Length > 0
                ? options.MaxPageSize // a positive number too large for an int is still clamped
                : throw ApiException.BadRequest($"Invalid page_size \"{pageSize}\": expected a positive integer (at most {options.MaxPageSize} are returned).");
    }
}
