using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using PanelImages.Access;
using PanelImages.Caching;
using PanelImages.Catalog;
using PanelImages.Images;
using PanelImages.Listing;
using PanelImages.OpenApi;

namespace PanelImages.Export;

/// <summary>
/// GET {list}/export.csv: the list's whole view as a file. Mapped in each audience's list group, so the same
/// authentication, authorization and rate limits; the same parsing, visibility rule and filters (ImageListing).
/// </summary>
public static class ExportApi
{
    public static RouteGroupBuilder MapImageExport(this RouteGroupBuilder group, Audience audience)
    {
        group.MapGet("/export.csv", Export).WithName($"{audience}ExportImages")
            .WithSummary("The list as CSV: the same parameters but page and page_size, every matching image in the list's order.")
            .WithListParameters(paged: false).DescribesExport();
        return group;
    }

    private static async Task<PushStreamHttpResult> Export(HttpContext context, CatalogDb db, IOptions<ListingOptions> options,
        CatalogChanges changes, CountCache counts, TimeProvider time, CancellationToken ct)
    {
        var caller = Caller.From(context);
        caller.Permissions.Demand(ImagePermissions.List);
        var request = ListRequest.Parse(context.Request.Query, options.Value, caller.Audience, paged: false);
        // The list's count cache: an export of a view just listed does not count it again.
        var scope = CacheScope.For(caller, request.Visibility);
        var version = await changes.VersionForAsync(db, scope, ct);
        var rows = await ImageListing.ExportAsync(db, caller, request, options.Value.MaxExportRows, ct, counts.For(scope, version));
        var stamp = time.GetUtcNow().UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"images-{stamp}.csv\"";
        return TypedResults.Stream(body => ImageCsv.WriteAsync(body, rows, caller, ct), "text/csv; charset=utf-8");
    }
}
