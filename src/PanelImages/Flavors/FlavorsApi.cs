using Microsoft.EntityFrameworkCore;
using PanelImages.Access;
using PanelImages.Audit;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.Images;
using PanelImages.OpenApi;
using PanelImages.OpenApi.Schemas;

namespace PanelImages.Flavors;

/// <summary>Staff: the synced flavors, and which flavors an image is assigned to (list, set, clear).</summary>
public static class FlavorsApi
{
    public const int MaxAssigned = 100;

    public static IEndpointRouteBuilder MapFlavorsApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/backend/staffapi/openstack").RequireAuthorization(nameof(Audience.Staff)).WithTags("Flavors (Staff)");
        staff.MapGet("/flavors", List).WithName("StaffListFlavors").DescribesFlavorList().WithSummary("Flavors of every region (region=R narrows), with their access lists.");
        staff.MapGet("/images/{id}/flavors", Assigned).WithName("StaffImageFlavors").DescribesFlavorAssignment().WithSummary("The flavors an image is assigned to.");
        staff.MapPut("/images/{id}/flavors", Set).Audited("assign_flavors").WithName("StaffSetImageFlavors").DescribesFlavorAssignmentChange()
            .WithSummary("Replace the image's flavor assignment: {\"flavors\": [ids of its region]}; [] clears it.");
        staff.MapDelete("/images/{id}/flavors", Clear).Audited("assign_flavors").WithName("StaffClearImageFlavors").DescribesFlavorAssignmentClear()
            .WithSummary("Remove every flavor assignment of the image.");
        return app;
    }

    private static async Task<IResult> List(HttpContext context, CatalogDb db, string? region, CancellationToken ct)
    {
        ImagesApi.RejectParameters(context.Request.Query, "region");
        var flavors = await db.Flavors.AsNoTracking().Where(f => region == null || f.Region == region)
            .OrderBy(f => f.Region).ThenBy(f => f.Ram).ThenBy(f => f.Id).Take(5000).ToListAsync(ct);
        return TypedResults.Ok(new FlavorList([.. flavors.Select(Body)], flavors.Count));
    }

    private static async Task<IResult> Assigned(string id, HttpContext context, CatalogDb db, CancellationToken ct)
    {
        var image = await ImagesApi.FindVisibleAsync(db, Caller.From(context), id, context.Request.Query["region"], ct);
        return TypedResults.Ok(await AssignmentAsync(db, image, ct));
    }

    private static async Task<IResult> Set(string id, HttpContext context, CatalogDb db, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync(context.Request, ct);
        body.Allow(["flavors"]);
        var wanted = body.StringList("flavors", MaxAssigned, 64) ?? throw ApiException.BadRequest("Field \"flavors\" is required (a list of flavor ids; [] clears).");
        return await AssignAsync(id, context, db, wanted.Distinct().ToList(), ct);
    }

    private static Task<IResult> Clear(string id, HttpContext context, CatalogDb db, CancellationToken ct) => AssignAsync(id, context, db, [], ct);

    private static async Task<IResult> AssignAsync(string id, HttpContext context, CatalogDb db, List<string> wanted, CancellationToken ct)
    {
        var found = await ImagesApi.FindVisibleAsync(db, Caller.From(context), id, context.Request.Query["region"], ct);
        AuditFilter.Target(context, found);
        var image = await db.Images.FirstAsync(i => i.Region == found.Region && i.Id == found.Id, ct);
        await SetAsync(db, image, wanted, ct);
        return TypedResults.Ok(await AssignmentAsync(db, image, ct));
    }

    /// <summary>Checks that every flavor exists in the image's region and stores the assignment (the CLI uses it too).</summary>
    public static async Task SetAsync(CatalogDb db, Image image, List<string> wanted, CancellationToken ct)
    {
        var known = await db.Flavors.Where(f => f.Region == image.Region && wanted.Contains(f.Id)).Select(f => f.Id).ToListAsync(ct);
        if (wanted.Except(known).ToList() is { Count: > 0 } unknown)
            throw ApiException.BadRequest($"No flavor {string.Join(", ", unknown)} in region {image.Region}.");
        image.FlavorIds = wanted.Order(StringComparer.Ordinal).ToList();
        await db.SaveChangesAsync(ct);
    }

    private static async Task<FlavorAssignment> AssignmentAsync(CatalogDb db, Image image, CancellationToken ct)
    {
        var ids = image.FlavorIds;
        var flavors = await db.Flavors.AsNoTracking().Where(f => f.Region == image.Region && ids.Contains(f.Id)).ToListAsync(ct);
        return new FlavorAssignment(image.Id, image.Region, ids.Count > 0,
            // An assignment to a flavor deleted in Nova since stays listed (without details) until staff change it.
            [.. ids.Select(fid => flavors.FirstOrDefault(f => f.Id == fid) is { } f ? Body(f) : new DeletedFlavor(fid, Deleted: true) as AssignedFlavor)]);
    }

    private static FlavorBody Body(Flavor f) =>
        new(f.Id, f.Name, f.Region, f.Vcpus, f.Ram, f.Disk, f.IsPublic, f.IsPublic ? null : f.ProjectIds);
}
