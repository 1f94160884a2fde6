using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PanelImages.Images;

/// <summary>Describes in the OpenAPI document what the handlers read from the query string themselves.</summary>
public static class OpenApiDocs
{
    private static readonly (string Name, string Description)[] ListParameters =
    [
        ("filtering", "Items key:value joined by '+' (send it as %2B). Same key: OR; different keys: AND; key__ne:value excludes. Lookups: __exact, __iexact, __contains, __icontains, __startswith, __istartswith, __in (comma-separated), __gt, __gte, __lt, __lte, __isnull; __date takes YYYY,MM,DD."),
        ("search", "Case-insensitive substring of name or id; several terms (space or comma separated) are AND-ed."),
        ("ordering", "Comma-separated fields, '-' for descending: name, id, type, status, created_at, updated_at, size, region, visibility, os_distro, disk_format, min_disk, min_ram. Default -created_at."),
        ("page", "A positive integer or 'last'. Beyond the last page: 404 {\"detail\": \"Invalid page.\"}."),
        ("page_size", "Positive integer, default 20, clamped to Listing:MaxPageSize (1000)."),
        ("name", "Exact name."),
        ("type", "Exact image type."),
        ("instance_uuid", "Exact source instance."),
    ];

    /// <summary>
    /// The list parameters; <paramref name="orderingFields"/> replaces the images' ordering fields for other lists,
    /// and without <paramref name="paged"/> (the export) page and page_size are left out.
    /// </summary>
    public static RouteHandlerBuilder WithListParameters(this RouteHandlerBuilder builder, string? orderingFields = null, bool paged = true) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            var parameters = orderingFields is null ? ListParameters
                : ListParameters.Take(5).Select(p => p.Name == "ordering" ? (p.Name, $"Comma-separated fields, '-' for descending: {orderingFields}.") : p);
            foreach (var (name, description) in parameters.Where(p => paged || p.Name is not ("page" or "page_size")))
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name, In = ParameterLocation.Query, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            return Task.CompletedTask;
        });
}
