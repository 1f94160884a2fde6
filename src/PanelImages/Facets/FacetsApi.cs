using System.Linq.Expressions;
using System.Text.Json;
using PanelImages.Caching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.OpenApi;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.Images;
using PanelImages.Listing;
using PanelImages.OpenApi;
using PanelImages.OpenApi.Schemas;

namespace PanelImages.Facets;

/// <summary>
/// GET {list}/facets?facet=status&amp;...: how many images of the list's view have each value of one field, so a
/// filter chip can say how many rows it would match. The list's parameters but paging, parsed and applied by the
/// list's own code (ImageListing.MatchingAsync): the same visibility rule, set, filters and search.
/// </summary>
public static class FacetsApi
{
    /// <summary>The fields the page offers as a choice. Each has a short, closed set of values in practice.</summary>
    private static readonly Dictionary<string, Expression<Func<Image, string?>>> Fields = new()
    {
        ["status"] = i => i.Status,
        ["visibility"] = i => i.Visibility,
        ["type"] = i => i.Type,
        ["disk_format"] = i => i.DiskFormat,
        ["hypervisor_type"] = i => i.HypervisorType,
        ["protected"] = i => i.Protected ? "true" : "false",
    };

    /// <summary>Every list has a bound: values beyond it (by count) are left out and <c>more</c> says so.</summary>
    public const int MaxValues = 50;

    public static RouteGroupBuilder MapImageFacets(this RouteGroupBuilder group, Audience audience, string? operation = null)
    {
        group.MapGet("/facets", Facets).WithName(operation ?? $"{audience}ImageFacets")
            .WithSummary("How many images of the list's view have each value of one field (facet=), most first.")
            .WithListParameters(paged: false).WithFacetParameter(Fields.Keys).DescribesFacets();
        return group;
    }

    private static async Task<IResult> Facets(HttpContext context, CatalogDb db, IOptions<ListingOptions> options,
        CatalogChanges changes, ResponseCache responses, CancellationToken ct)
    {
        var caller = Caller.From(context);
        caller.Permissions.Demand(ImagePermissions.List);
        var query = context.Request.Query;
        if (query["facet"] is not { Count: 1 } asked || asked.ToString() is not { Length: > 0 } name)
            throw ApiException.BadRequest(query["facet"].Count > 1
                ? $"Query parameter \"facet\" was given {query["facet"].Count} times; give it once."
                : $"Query parameter \"facet\" is required: one of {string.Join(", ", Fields.Keys)}.");
        if (!Fields.TryGetValue(name, out var field))
            throw ApiException.BadRequest($"Unknown facet \"{Truncated(name)}\": one of {string.Join(", ", Fields.Keys)}.");
        var rest = new QueryCollection(query.Where(p => p.Key != "facet").ToDictionary(p => p.Key, p => p.Value));
        var request = ListRequest.Parse(rest, options.Value, caller.Audience, paged: false);
        // Kept like a list body while the catalogue does not move; the scope holds the widened sets counted below.
        var scope = CacheScope.For(caller, request.Visibility with { Public = true, Community = true, Deleted = true });
        var version = await changes.VersionForAsync(db, scope, ct);
        var key = ResponseCache.KeyFor(scope, caller, context.Request);
        if (!responses.TryGet(key, version, out var body))
        {
            body = JsonSerializer.SerializeToUtf8Bytes(await CountAsync(db, caller, request, name, field, ct));
            responses.Set(key, version, body);
        }
        return TypedResults.Bytes(body, "application/json");
    }

    private static async Task<FacetCounts> CountAsync(CatalogDb db, Caller caller, ListRequest request, string name,
        Expression<Func<Image, string?>> field, CancellationToken ct)
    {
        var matching = await ImageListing.MatchingAsync(db, caller, request, ct);
        var counts = (await matching.GroupBy(field).Select(g => new { g.Key, Count = g.Count() })
            .OrderByDescending(c => c.Count).ThenBy(c => c.Key).Take(MaxValues + 1).ToListAsync(ct))
            .ToDictionary(c => c.Key ?? "", c => (Value: c.Key, c.Count));
        // Asking for some values widens the list's set (visibility public or community, status deleted: the rule is
        // ListRequest.Visibility). Their chip would match more than the view holds: count them in the set they open.
        foreach (var value in ListEnvelope.OfferedValues(name))
        {
            var asking = request with { Filters = [.. request.Filters, new FilterItem($"{name}:{value}", name, "exact", false, false, value)] };
            if (asking.Visibility == request.Visibility) continue;
            var widened = (await ImageListing.MatchingAsync(db, caller, asking, ct)).Where(Equals(field, value));
            var count = await widened.CountAsync(ct);
            if (count > 0) counts[value] = (value, count); else counts.Remove(value);
        }
        var values = counts.Values.OrderByDescending(c => c.Count).ThenBy(c => c.Value, StringComparer.Ordinal).ToList();
        return new FacetCounts(name, values.Take(MaxValues).Select(c => new FacetValue(c.Value, c.Count)).ToArray(), values.Count > MaxValues);
    }

    private static Expression<Func<Image, bool>> Equals(Expression<Func<Image, string?>> field, string value) =>
        Expression.Lambda<Func<Image, bool>>(Expression.Equal(field.Body, Expression.Constant(value, typeof(string))), field.Parameters);

    private static string Truncated(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private static RouteHandlerBuilder WithFacetParameter(this RouteHandlerBuilder builder, IEnumerable<string> fields) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "facet", In = ParameterLocation.Query, Required = true,
                Description = $"The field to count by: {string.Join(", ", fields)}.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            return Task.CompletedTask;
        });
}
