using Microsoft.EntityFrameworkCore;
using PanelImages.Audit;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.Images;
using PanelImages.OpenApi;
using PanelImages.OpenApi.Schemas;

namespace PanelImages.Projects;

/// <summary>Staff: map a project to its client by hand, or give it back to the mapping rule.</summary>
public static class ProjectMappingApi
{
    public const string MapAction = "map_project", UnmapAction = "unmap_project";

    public static IEndpointRouteBuilder MapProjectMappingApi(this IEndpointRouteBuilder app)
    {
        var projects = app.MapGroup("/backend/staffapi/openstack/projects").RequireAuthorization(nameof(Audience.Staff))
            .WithTags("Projects (Staff)");
        projects.MapPut("/{id}/client", Map).Audited(MapAction, routeIdIsImage: false).WithName("StaffMapProject")
            .WithSummary("Map the project to a client by hand: {\"client\": N}; the mapping rule then leaves it alone.")
            .DescribesProjectMapping();
        projects.MapDelete("/{id}/client", Unmap).Audited(UnmapAction, routeIdIsImage: false).WithName("StaffUnmapProject")
            .WithSummary("Remove the hand mapping; the rule maps the project again on the next projects sync.")
            .DescribesProjectUnmapping();
        return app;
    }

    private static async Task<IResult> Map(string id, HttpContext context, CatalogDb db, CancellationToken ct)
    {
        ImagesApi.RejectParameters(context.Request.Query);
        CheckId(id);
        var body = await JsonBody.ReadAsync(context.Request, ct);
        body.Allow(["client"]);
        var client = body.Int("client", 1) ?? throw ApiException.BadRequest("Field \"client\" is required: the id of the client that owns the project.");
        AuditFilter.Detail(context, ManualMapping.Describe(id, client));
        var moved = await ManualMapping.MapAsync(db, id, client, region: null, name: null, ct);
        return TypedResults.Ok(new ProjectMapped(id, client, ManualMapping.By, moved));
    }

    private static async Task<IResult> Unmap(string id, HttpContext context, CatalogDb db, CancellationToken ct)
    {
        ImagesApi.RejectParameters(context.Request.Query);
        CheckId(id);
        AuditFilter.Detail(context, $"project {id}: hand mapping removed");
        return await ManualMapping.UnmapAsync(db, id, ct) ? TypedResults.NoContent()
            : throw ApiException.NotFound($"Project {id} has no hand mapping.");
    }

    // Keystone project ids are 32 hex digits; hand-made ones (tests, imports) are short words. Anything else is a typo.
    private static void CheckId(string id)
    {
        if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw ApiException.BadRequest("A project id is 1 to 64 letters, digits, '-' or '_'.");
    }
}
