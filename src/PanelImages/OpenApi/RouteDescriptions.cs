using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PanelImages.Catalog;
using PanelImages.OpenApi.Schemas;

namespace PanelImages.OpenApi;

/// <summary>
/// Each route's outcomes for the OpenAPI document: the body of every status it answers with. The handlers write
/// their JSON by hand (key order is part of the contract), so the shapes are the records of Schemas/.
/// Every route behind a token also answers 401 (no or bad token) and 403 (other audience or permission).
/// The routes of instances, flavors, projects and cleanup are in RouteDescriptions.Nova.cs.
/// </summary>
public static partial class RouteDescriptions
{
    private const string Json = "application/json";
    private const string Images = "Images", ImageData = "Image data", Sharing = "Image sharing";

    public static Type ImageOf(Audience audience) => audience switch
    {
        Audience.Staff => typeof(StaffImage), Audience.Reseller => typeof(ResellerImage), _ => typeof(EndUserImage),
    };

    private static Type ListOf(Audience audience) => audience switch
    {
        Audience.Staff => typeof(StaffImageList), Audience.Reseller => typeof(ResellerImageList), _ => typeof(EndUserImageList),
    };

    /// <summary>The <c>{"detail"}</c> body for each of <paramref name="statuses"/>, plus 401 and 403.</summary>
    public static RouteHandlerBuilder Fails(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses.Union([401, 403]).Order()) builder.Produces<ErrorBody>(status, Json);
        return builder;
    }

    /// <summary>
    /// A route that calls Glance: this service's own 404/409 plus what Glance's answers become (its 400, 403, 404,
    /// 409 and 413 keep their meaning, a failing cloud is 502, an unreachable one 503).
    /// </summary>
    private static RouteHandlerBuilder FailsThroughGlance(this RouteHandlerBuilder builder, params int[] more) =>
        builder.Fails([400, 404, 409, 502, 503, .. more]);

    public static RouteHandlerBuilder DescribesImageList(this RouteHandlerBuilder b, Audience audience) =>
        b.WithTags(Images).Produces(200, ListOf(audience), Json).Fails(400, 404);

    /// <summary>The CSV export: a text/csv file, or the list's 400s (and a 400 over Listing:MaxExportRows).</summary>
    public static RouteHandlerBuilder DescribesExport(this RouteHandlerBuilder b) =>
        b.WithTags(Images).Produces<string>(200, "text/csv").Fails(400).AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.GetValueOrDefault("200") is OpenApiResponse file)
                file.Description = "A header record, then one record per matching image in the list's order (RFC 4180, UTF-8, CRLF): "
                + "id, name, display_name, type, status, visibility, protected, disk_format, size (bytes), os_distro, os_version, "
                + "region, created_at and cleanup_date (ISO 8601, UTC), related_instance_name, and for staff and resellers "
                + "client_name; an empty field is null. A field that would start a spreadsheet formula (=, +, -, @, tab, CR) "
                + "starts with '. More matching images than Listing:MaxExportRows (default 10,000) is a 400 that says how many.";
            Header(operation, 200, "Content-Disposition", "attachment; filename=\"images-<UTC timestamp>.csv\".");
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder DescribesFacets(this RouteHandlerBuilder b) =>
        b.WithTags(Images).Produces<FacetCounts>(200, Json).Fails(400);

    public static RouteHandlerBuilder DescribesImage(this RouteHandlerBuilder b, Audience audience) =>
        b.WithTags(Images).Produces(200, ImageOf(audience), Json).Fails(400, 404);

    public static RouteHandlerBuilder DescribesPermissions(this RouteHandlerBuilder b) =>
        b.WithTags(Images).Produces<PermissionFlags>(200, Json).Fails(400);

    public static RouteHandlerBuilder DescribesCreateOptions(this RouteHandlerBuilder b) =>
        b.WithTags(Images).Produces<CreateOptionsBody>(200, Json).Fails(502, 503);

    /// <summary>GET usage: its two optional query parameters, the body, Keystone failing (502) or unreachable / not configured (503).</summary>
    public static RouteHandlerBuilder DescribesUsage(this RouteHandlerBuilder b) =>
        b.WithTags(Images).Produces<UsageBody>(200, Json).Fails(400, 502, 503).AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "client", In = ParameterLocation.Query,
                Description = "A client id: only that client's projects. Required for staff; end users and resellers may name "
                    + "only one of their own clients (400 otherwise) and without it get all of theirs.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
            });
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "region", In = ParameterLocation.Query, Description = "Only this region.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 64 },
            });
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder DescribesCreate(this RouteHandlerBuilder b, Audience audience) =>
        b.WithTags(Images).Takes(audience == Audience.Staff ? typeof(NewImageByStaff) : typeof(NewImage), typeof(NewImageForm))
            .Produces(201, ImageOf(audience), Json).FailsThroughGlance(413, 415)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                Header(operation, 201, "Location", "Where the new image is: this path + /{id}.");
                return Task.CompletedTask;
            });

    public static RouteHandlerBuilder DescribesUpdate(this RouteHandlerBuilder b, Audience audience) =>
        b.WithTags(Images).Takes(audience == Audience.Staff ? typeof(ImageChangesByStaff) : typeof(ImageChanges))
            .Produces(200, ImageOf(audience), Json).FailsThroughGlance(415);

    public static RouteHandlerBuilder DescribesDelete(this RouteHandlerBuilder b) => b.WithTags(Images).Produces(204).FailsThroughGlance();

    /// <summary>deactivate / reactivate.</summary>
    public static RouteHandlerBuilder DescribesStateChange(this RouteHandlerBuilder b) =>
        b.WithTags(Images).Produces<StatusChanged>(200, Json).FailsThroughGlance();

    public static RouteHandlerBuilder DescribesDownload(this RouteHandlerBuilder b) =>
        b.WithTags(ImageData).FailsThroughGlance().AddOpenApiOperationTransformer((operation, _, _) =>
        {
            Binary(operation, 200, "The whole image data.");
            Binary(operation, 206, "The requested range of the image data (Range request header).");
            foreach (var status in new[] { 200, 206 })
            {
                Header(operation, status, "Content-Disposition", "attachment; filename and RFC 6266 filename* from the image's name and disk format.");
                Header(operation, status, "Content-Length", "Bytes in this response.", JsonSchemaType.Integer);
                Header(operation, status, "Accept-Ranges", "bytes");
            }
            Header(operation, 206, "Content-Range", "Which bytes of the image this is.");
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "Range", In = ParameterLocation.Header, Description = "An HTTP byte range, passed through to Glance.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder DescribesUpload(this RouteHandlerBuilder b) =>
        b.WithTags(ImageData).Produces(204).FailsThroughGlance(413).AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The image data as the raw body; streamed to Glance.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/octet-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
            };
            return Task.CompletedTask;
        });

    public static RouteHandlerBuilder DescribesImport(this RouteHandlerBuilder b) =>
        b.WithTags(ImageData).Takes(typeof(ImportRequest)).Produces<Accepted>(202, Json).FailsThroughGlance(415);

    public static RouteHandlerBuilder DescribesMembers(this RouteHandlerBuilder b) =>
        b.WithTags(Sharing).Produces<MemberList>(200, Json).Fails(404);

    public static RouteHandlerBuilder DescribesAddMember(this RouteHandlerBuilder b) =>
        b.WithTags(Sharing).Takes(typeof(NewMember)).Produces<Member>(201, Json).FailsThroughGlance(415);

    public static RouteHandlerBuilder DescribesRemoveMember(this RouteHandlerBuilder b) => b.WithTags(Sharing).Produces(204).FailsThroughGlance();

    public static RouteHandlerBuilder DescribesMemberStatus(this RouteHandlerBuilder b) =>
        b.WithTags(Sharing).Produces<MemberStatusBody>(200, Json).Fails(404);

    public static RouteHandlerBuilder DescribesMemberStatusChange(this RouteHandlerBuilder b) =>
        b.WithTags(Sharing).Takes(typeof(MemberStatusChange)).Produces<StatusChanged>(200, Json).FailsThroughGlance(415);

    public static RouteHandlerBuilder DescribesSyncStatus(this RouteHandlerBuilder b) => b.Produces<SyncStatus>(200, Json).Fails();

    public static RouteHandlerBuilder DescribesActivityLog(this RouteHandlerBuilder b) =>
        b.Produces<ActivityLogPage>(200, Json).Fails(400, 404);

    /// <summary>Any signed-in caller (no audience, so no 403); 503 when this instance holds too many streams.</summary>
    public static RouteHandlerBuilder DescribesLiveEvents(this RouteHandlerBuilder b) =>
        b.Produces<ErrorBody>(400, Json).Produces<ErrorBody>(401, Json).Produces<ErrorBody>(503, Json)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                operation.Responses ??= [];
                operation.Responses["200"] = new OpenApiResponse
                {
                    Description = "A stream that stays open: `retry: 2000`, then `event: catalog` / `data: {\"version\": N}` "
                        + "once at the start and whenever a change concerns what the caller can see (another client's "
                        + "private images never), and `: heartbeat` comments in between. 503 when this instance holds "
                        + "`LiveEvents:MaxConnections` streams.",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["text/event-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                    },
                };
                if (operation.Responses.GetValueOrDefault("503") is OpenApiResponse full)
                    full.Description = "More open event streams on this instance than LiveEvents:MaxConnections; try again later.";
                return Task.CompletedTask;
            });

    /// <summary>
    /// The JSON request body (and the multipart form, when there is one), described without Accepts metadata: that
    /// would have routing refuse other media types with its own 415 before authentication, and the handlers read
    /// their bodies themselves.
    /// </summary>
    private static RouteHandlerBuilder Takes(this RouteHandlerBuilder b, Type json, Type? form = null) =>
        b.AddOpenApiOperationTransformer(async (operation, context, ct) =>
        {
            var content = new Dictionary<string, OpenApiMediaType> { [Json] = new() { Schema = await Component(json) } };
            if (form is not null) content["multipart/form-data"] = new() { Schema = await Component(form) };
            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };

            async Task<IOpenApiSchema> Component(Type type)
            {
                var schema = await context.GetOrCreateSchemaAsync(type, null, ct);
                context.Document!.AddComponent(type.Name, schema);
                return new OpenApiSchemaReference(type.Name, context.Document);
            }
        });

    private static void Binary(OpenApiOperation operation, int status, string description)
    {
        operation.Responses ??= [];
        operation.Responses[status.ToString()] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/octet-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
            },
        };
    }

    private static void Header(OpenApiOperation operation, int status, string name, string description, JsonSchemaType type = JsonSchemaType.String)
    {
        if (operation.Responses?.GetValueOrDefault(status.ToString()) is not OpenApiResponse response) return;
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
    }
}
