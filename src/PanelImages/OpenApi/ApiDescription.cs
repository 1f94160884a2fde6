using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using PanelImages.OpenApi.Schemas;

namespace PanelImages.OpenApi;

/// <summary>/openapi/v1.json: the document the page's TypeScript types are generated from (web/openapi.json is a copy).</summary>
public static class ApiDescription
{
    public const string TokenScheme = "Token";

    private static readonly Dictionary<int, string> Meanings = new()
    {
        [201] = "Created.",
        [202] = "Accepted; the work goes on in Glance.",
        [204] = "Done; no body.",
        [400] = "A malformed, unknown, repeated or out-of-range parameter, header or field; the detail says which.",
        [401] = "No token, or an unknown or revoked one.",
        [403] = "Another audience's API, a permission the caller lacks, or an action its relationship to the image does not allow.",
        [404] = "Not visible to the caller (answered exactly as if it did not exist), or a page beyond the last.",
        [409] = "The image's state does not allow it (protected, wrong status, no data, not shared), or Glance reports a conflict.",
        [413] = "More data than this service (Images:MaxUploadBytes) or Glance accepts.",
        [415] = "The body is not application/json.",
        [429] = "Too many requests; Retry-After says when to try again.",
        [502] = "OpenStack answered with a failure, or refused the service's credentials; the detail names service and region.",
        [503] = "OpenStack is unreachable or unavailable; the detail names service and region.",
    };

    private static readonly Dictionary<string, string> TagMeanings = new()
    {
        ["Images"] = "The catalogue of images each audience may see, and the actions on one image through Glance.",
        ["Image data"] = "Upload, import from a URL and download, streamed between the caller and Glance.",
        ["Image sharing"] = "Members of shared images: the owner adds and removes projects, the consumer accepts or rejects.",
        ["OpenStack sync"] = "How the catalogue keeps up with Glance (staff).",
        ["Activity log"] = "Every mutating image action (staff).",
        ["Health"] = "Probes: whether the process answers (live), whether it should get traffic (ready), every check (healthz).",
        ["Sign in"] = "People sign in with a name, a password and (staff) a second factor; the session cookie then works "
            + "like the audience's token. Programs keep using tokens.",
        ["Sessions (Staff)"] = "Every signed-in session on every instance; staff can end one or all of a person's.",
        ["Live"] = "Server-sent events that tell the page when what the caller can see has changed.",
        ["Instances (EndUser)"] = "The caller's clients' Nova servers, and snapshots and backups of them.",
        ["Instances (Reseller)"] = "The reseller's clients' Nova servers, and snapshots and backups of them.",
        ["Instances (Staff)"] = "Every Nova server of every region, and snapshots and backups of them.",
        ["Flavors (Staff)"] = "Nova flavors and which of them an image is assigned to.",
        ["Projects (Staff)"] = "Keystone projects, the clients they belong to, and the hand mappings that override the rule.",
        ["Cleanup (Staff)"] = "The clean-up that deletes images past their clients' cleanup date: its plan and its runs.",
    };

    public static IServiceCollection AddApiDescription(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            // A derived record's schema is named base + derived ("AssignedFlavorFlavorBody" beside "FlavorBody");
            // the base of such a union gets no name of its own, so its members keep theirs.
            options.CreateSchemaReferenceId = type => type.Type == typeof(Schemas.AssignedFlavor)
                ? null : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            options.AddSchemaTransformer(OpenApiSchemaRules.Apply);
            options.AddOperationTransformer(DescribeOperation);
            options.AddDocumentTransformer(DescribeDocument);
        });

    private static Task DescribeOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;
        if (metadata.OfType<IAllowAnonymous>().Any()) operation.Security = []; // said outright: no credentials needed
        else if (metadata.OfType<IAuthorizeData>().Any())
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(TokenScheme, document)] = [] }];
        // An image's id may repeat across regions; an instance's or a project's does not (those routes take no region).
        if (context.Description.RelativePath?.Contains("images/{id}") == true && operation.Parameters?.Any(p => p.Name == "region") != true)
            (operation.Parameters ??= []).Add(new OpenApiParameter
            {
                Name = "region", In = ParameterLocation.Query,
                Description = "The region of the image, when the same id exists in several (default: the first by name).",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        var limited = metadata.OfType<EnableRateLimitingAttribute>().Any()
            || context.ApplicationServices.GetService<IOptions<RateLimiterOptions>>()?.Value.GlobalLimiter is not null;
        if (limited && operation.Responses?.ContainsKey("429") == false)
            operation.Responses["429"] = new OpenApiResponse
            {
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchemaReference(nameof(ErrorBody), document) },
                },
                Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
                },
            };
        foreach (var (status, response) in operation.Responses ?? [])
            if (response is OpenApiResponse r && int.TryParse(status, out var code) && Meanings.TryGetValue(code, out var meaning))
                r.Description = meaning;
        return Task.CompletedTask;
    }

    private static async Task DescribeDocument(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "PanelImages",
            Version = "v1",
            Description = "OpenStack images for a control panel: one API per audience (end users /backend/api, staff "
                + "/backend/staffapi, resellers /backend/resellerapi), answered from a catalogue kept in sync with Glance. "
                + "Every error is JSON {\"detail\": \"...\"}.",
            License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Proprietary" },
        };
        // The document is the same wherever it is served from: paths are relative to the service's root.
        document.Servers = [new OpenApiServer { Url = "/", Description = "This service." }];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[TokenScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "Authorization",
            Description = "Authorization: Token <key> (keys are issued with `tokens issue <user>`).",
        };
        await HealthPaths.AddAsync(document, context, ct);
        document.Tags = TagMeanings.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }).ToHashSet();
    }
}
