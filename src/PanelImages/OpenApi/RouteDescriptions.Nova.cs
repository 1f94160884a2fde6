using PanelImages.Catalog;
using PanelImages.OpenApi.Schemas;

namespace PanelImages.OpenApi;

/// <summary>The routes of what the Nova and Keystone sync brings: instances (each audience), flavors, projects, cleanup (staff).</summary>
public static partial class RouteDescriptions
{
    public static RouteHandlerBuilder DescribesInstanceList(this RouteHandlerBuilder b) =>
        b.Produces<InstanceList>(200, Json).Fails(400);

    /// <summary>
    /// Snapshot and backup: 404 for an instance the caller does not see (or Nova no longer has), 403 without the
    /// instances.* flag, 409 for an instance without a region; Nova's and Glance's failures are 502, their absence 503.
    /// </summary>
    public static RouteHandlerBuilder DescribesInstanceImage(this RouteHandlerBuilder b, Audience audience, Type request) =>
        b.Takes(request).Produces(202, ImageOf(audience), Json).Fails(400, 404, 409, 413, 415, 502, 503)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                Header(operation, 202, "Location", "Where the new image is: the images path of this audience + /{id}.");
                return Task.CompletedTask;
            });

    public static RouteHandlerBuilder DescribesFlavorList(this RouteHandlerBuilder b) => b.Produces<FlavorList>(200, Json).Fails(400);

    public static RouteHandlerBuilder DescribesFlavorAssignment(this RouteHandlerBuilder b) =>
        b.Produces<FlavorAssignment>(200, Json).Fails(404);

    /// <summary>400 also for a flavor id the image's region does not have.</summary>
    public static RouteHandlerBuilder DescribesFlavorAssignmentChange(this RouteHandlerBuilder b) =>
        b.Takes(typeof(FlavorAssignmentChange)).Produces<FlavorAssignment>(200, Json).Fails(400, 404, 413, 415);

    public static RouteHandlerBuilder DescribesFlavorAssignmentClear(this RouteHandlerBuilder b) =>
        b.Produces<FlavorAssignment>(200, Json).Fails(404);

    public static RouteHandlerBuilder DescribesProjectList(this RouteHandlerBuilder b) => b.Produces<ProjectList>(200, Json).Fails(400);

    /// <summary>400 also for a malformed project id or an unknown client; any query is refused.</summary>
    public static RouteHandlerBuilder DescribesProjectMapping(this RouteHandlerBuilder b) =>
        b.Takes(typeof(ProjectClientChange)).Produces<ProjectMapped>(200, Json).Fails(400, 413, 415);

    /// <summary>404 when the project has no hand mapping.</summary>
    public static RouteHandlerBuilder DescribesProjectUnmapping(this RouteHandlerBuilder b) => b.Produces(204).Fails(400, 404);

    public static RouteHandlerBuilder DescribesCleanupStatus(this RouteHandlerBuilder b) => b.Produces<CleanupStatus>(200, Json).Fails();
}
