using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Access;
using PanelImages.Audit;
using PanelImages.Caching;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.Export;
using PanelImages.Facets;
using PanelImages.Listing;
using PanelImages.OpenApi;

namespace PanelImages.Images;

public static class ImagesApi
{
    public static readonly (string Prefix, Audience Audience)[] Audiences =
    [
        ("/backend/api/openstack/images", Audience.EndUser),
        ("/backend/staffapi/openstack/images", Audience.Staff),
        ("/backend/resellerapi/openstack/images", Audience.Reseller),
    ];

    public static IEndpointRouteBuilder MapImagesApi(this IEndpointRouteBuilder app)
    {
        foreach (var (prefix, audience) in Audiences)
        {
            var group = app.MapGroup(prefix).RequireAuthorization(audience.ToString());
            group.MapGet("", List).WithName($"{audience}ListImages")
                .WithSummary("List the images the caller may see: filtering, search, ordering, page, page_size.")
                .WithListParameters().DescribesImageList(audience);
            group.MapImageExport(audience);
            group.MapImageFacets(audience);
            group.MapGet("/permissions", Permissions).WithName($"{audience}ImagePermissions")
                .WithSummary("The caller's images.* permission flags.").DescribesPermissions();
            group.MapGet("/create_options", CreateOptions.Handle).WithName($"{audience}ImageCreateOptions")
                .WithSummary("Regions, formats, visibilities, OS distros, hypervisor types, cleanup policy and upload limit for the create form.")
                .DescribesCreateOptions();
            group.MapGet("/usage", Usage.Handle).WithName($"{audience}ImageUsage")
                .WithSummary("Images, stored MiB and uploads of the caller's projects per region against the Keystone limits Glance enforces.")
                .DescribesUsage();
            group.MapPost("", CreateImage.Handle).Audited("create").WithName($"{audience}CreateImage")
                .WithSummary("Create an image in Glance (JSON, or multipart with the data as the last part); 201 with Location.")
                .DescribesCreate(audience);
            group.MapImageActions(audience).MapImageData(audience).MapImageSharing(audience);
            group.MapGet("/{id}", Retrieve).WithName($"{audience}RetrieveImage")
                .WithSummary("One image, if the caller may see it (404 otherwise). Optional region parameter.")
                .DescribesImage(audience);
        }
        return app;
    }

    internal static async Task<IResult> List(HttpContext context, CatalogDb db, IOptions<ListingOptions> options,
        CatalogChanges changes, ResponseCache responses, CountCache counts, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var caller = Caller.From(context);
        caller.Permissions.Demand(ImagePermissions.List);
        var request = ListRequest.Parse(context.Request.Query, options.Value, caller.Audience);
        var scope = CacheScope.For(caller, request.Visibility);
        var version = await changes.VersionForAsync(db, scope, ct);
        var key = ResponseCache.KeyFor(scope, caller, context.Request);
        var hit = responses.TryGet(key, version, out var body);
        if (!hit)
        {
            var page = await ImageListing.ListAsync(db, caller, request, ct, counts.For(scope, version));
            body = new ListEnvelope(page, caller).Render(context.Request);
            responses.Set(key, version, body);
        }
        Telemetry.PanelMetrics.ListServed(caller.Audience.ToString(), hit, started);
        return TypedResults.Bytes(body, "application/json");
    }

    private static IResult Permissions(HttpContext context)
    {
        var caller = Caller.From(context);
        RejectParameters(context.Request.Query);
        return new JsonWriterResult(w => ListEnvelope.WritePermissions(w, caller.Permissions));
    }

    internal static async Task<IResult> Retrieve(string id, HttpContext context, CatalogDb db, CatalogChanges changes,
        ResponseCache responses, CancellationToken ct)
    {
        var caller = Caller.From(context);
        RejectParameters(context.Request.Query, "region");
        // Cached like a list page, under the scope of what retrieve may show (public and community included): an
        // entry exists only for an image that was visible at this version, so a hit implies what FindVisible checks, and the key holds the permission flags the Demand checked.
        var scope = CacheScope.For(caller, RetrieveVisibility(caller));
        var version = await changes.VersionForAsync(db, scope, ct);
        var key = ResponseCache.KeyFor(scope, caller, context.Request);
        if (!responses.TryGet(key, version, out var body))
        {
            var image = await FindVisibleAsync(db, caller, id, context.Request.Query["region"], ct);
            caller.Permissions.Demand(ImagePermissions.Retrieve);
            var row = (await ImageListing.WithRelatedAsync(db, [image], ct, caller))[0];
            body = JsonOutput.Render(w => ImageJson.Write(w, row, caller));
            responses.Set(key, version, body);
        }
        return TypedResults.Bytes(body, "application/json");
    }

    private static VisibilityRequest RetrieveVisibility(Caller caller) =>
        new(Public: true, Community: true, Deleted: caller.Audience == Audience.Staff, Shares: ShareStatuses.Accepted | ShareStatuses.Pending);

    /// <summary>
    /// The image as this caller may see it, or 404 exactly as if it did not exist. Public and community images
    /// can be opened by id (they are listed on request), and so can shares offered and not yet answered; rejected
    /// shares only on the sharing routes (<paramref name="shares"/>); deleted images only by staff.
    /// </summary>
    public static async Task<Image> FindVisibleAsync(CatalogDb db, Caller caller, string id, string? region, CancellationToken ct,
        ShareStatuses shares = ShareStatuses.Accepted | ShareStatuses.Pending)
    {
        var query = db.Images.AsNoTracking().VisibleTo(caller, RetrieveVisibility(caller) with { Shares = shares }).Where(i => i.Id == id);
        if (!string.IsNullOrEmpty(region)) query = query.Where(i => i.Region == region);
        return await query.OrderBy(i => i.Region).FirstOrDefaultAsync(ct) ?? throw ApiException.NotFound();
    }

    /// <summary>The one check of a route's query parameters: anything outside <paramref name="allowed"/> is a 400 naming it.</summary>
    public static void RejectParameters(IQueryCollection query, params string[] allowed)
    {
        foreach (var key in query.Keys)
            if (!allowed.Contains(key))
                throw ApiException.BadRequest(allowed.Length == 0
                    ? $"Unknown query parameter \"{key}\": this endpoint takes none."
                    : $"Unknown query parameter \"{key}\". Allowed: {string.Join(", ", allowed)}.");
    }
}

/// <summary>A JSON response written straight to the body.</summary>
public sealed class JsonWriterResult(Action<Utf8JsonWriter> write, int statusCode = StatusCodes.Status200OK, string? location = null) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        context.Response.StatusCode = statusCode;
        if (location is not null) context.Response.Headers.Location = location;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter, JsonOutput.WriterOptions);
        write(writer);
        await writer.FlushAsync();
    }
}
