using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PanelImages.Access;
using PanelImages.Audit;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.OpenApi;

namespace PanelImages.Images;

/// <summary>
/// Sharing: the owner adds and removes member projects; the consumer alone accepts or rejects. A rejected image is
/// out of the consumer's lists but can still be found here and accepted again (reference bug B21).
/// </summary>
public static class ImageSharing
{
    public static RouteGroupBuilder MapImageSharing(this RouteGroupBuilder group, Audience audience)
    {
        group.MapGet("/{id}/members", ListMembers).WithName($"{audience}ListImageMembers").WithSummary("The projects an image is shared with (owner only).")
            .DescribesMembers();
        group.MapPost("/{id}/members", AddMember).Audited("add_member").WithName($"{audience}AddImageMember").WithSummary("Share an image with a project: {\"project\": \"<id>\"}.")
            .DescribesAddMember();
        group.MapDelete("/{id}/members/{project}", RemoveMember).Audited("remove_member").WithName($"{audience}RemoveImageMember").WithSummary("Stop sharing an image with a project.")
            .DescribesRemoveMember();
        group.MapGet("/{id}/get_member_status", GetMemberStatus).WithName($"{audience}GetImageMemberStatus")
            .WithSummary("The caller's membership status for an image shared with them.").DescribesMemberStatus();
        group.MapPost("/{id}/update_image_member_status", UpdateMemberStatus).Audited("member_status").WithName($"{audience}UpdateImageMemberStatus")
            .WithSummary("Accept or reject an image shared with the caller: {\"member_status\": \"accepted|rejected|pending\"}.")
            .DescribesMemberStatusChange();
        return group;
    }

    private static async Task<IResult> ListMembers(string id, HttpContext context, CatalogDb db, CancellationToken ct)
    {
        var (_, image) = await ImageRules.ResolveAsync(context, db, id, ImageAction.ManageMembers, ct);
        var members = await db.ImageMembers.AsNoTracking().Where(m => m.Region == image.Region && m.ImageId == image.Id)
            .OrderBy(m => m.ProjectId).ToListAsync(ct);
        return new JsonWriterResult(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("members");
            foreach (var m in members) WriteMember(w, m.ProjectId, m.Status);
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> AddMember(string id, HttpContext context, CatalogDb db, RegionGlance glance, CancellationToken ct)
    {
        var (caller, image) = await ImageRules.ResolveAsync(context, db, id, ImageAction.ManageMembers, ct);
        var body = await JsonBody.ReadAsync(context.Request, ct);
        body.Allow(["project"]);
        var project = body.String("project", 64, nullable: false)!;
        if (project == image.Owner) throw ApiException.BadRequest("An image cannot be shared with its own project.");
        // As Glance's member quota and list rules intend: nobody pushes images into a tenant the cloud does not have.
        if (caller.Audience != Audience.Staff
            && !await db.Projects.AnyAsync(p => p.Id == project && (p.Region == image.Region || p.Region == null), ct))
            throw ApiException.BadRequest($"Project {project} is not a project of this cloud in region {image.Region}.");
        if (image.Visibility != "shared")
            throw ApiException.Conflict($"Only shared images have members; this image is {image.Visibility}. Set its visibility to shared first.");
        var region = await glance.ForAsync(image.Region, ct);
        await region.AddMemberAsync(image.Id, project, ct);
        await CatalogWriteThrough.SetMemberAsync(db, image.Region, image.Id, project, MemberStatus.Pending, ct);
        return new JsonWriterResult(w => WriteMember(w, project, MemberStatus.Pending), StatusCodes.Status201Created);
    }

    private static async Task<IResult> RemoveMember(string id, string project, HttpContext context, CatalogDb db, RegionGlance glance, CancellationToken ct)
    {
        var (_, image) = await ImageRules.ResolveAsync(context, db, id, ImageAction.ManageMembers, ct);
        var region = await glance.ForAsync(image.Region, ct);
        var existed = await region.RemoveMemberAsync(image.Id, project, ct);
        await CatalogWriteThrough.SetMemberAsync(db, image.Region, image.Id, project, null, ct);
        return existed ? TypedResults.NoContent() : throw ApiException.NotFound($"Project {project} is not a member of this image.");
    }

    private static async Task<IResult> GetMemberStatus(string id, HttpContext context, CatalogDb db, CancellationToken ct)
    {
        var member = await FindMembershipAsync(context, db, id, ImagePermissions.Retrieve, ct);
        return new JsonWriterResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("status", member.Status);
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> UpdateMemberStatus(string id, HttpContext context, CatalogDb db, RegionGlance glance, CancellationToken ct)
    {
        var member = await FindMembershipAsync(context, db, id, ImagePermissions.Update, ct);
        var body = await JsonBody.ReadAsync(context.Request, ct);
        body.Allow(["member_status"]);
        var status = body.Choice("member_status", MemberStatus.All) ?? throw ApiException.BadRequest("Invalid member status received.");
        var region = await glance.ForAsync(member.Region, ct);
        await region.SetMemberStatusAsync(member.ImageId, member.ProjectId, status, ct);
        await CatalogWriteThrough.SetMemberAsync(db, member.Region, member.ImageId, member.ProjectId, status, ct);
        return new JsonWriterResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("detail", "Image member status updated.");
            w.WriteString("status", status);
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// The caller's own membership of an image it can see (the one visibility rule, rejected shares included so that
    /// they can be accepted again), after the permission flag; 404 when the image is not visible or not shared with it.
    /// </summary>
    private static async Task<ImageMember> FindMembershipAsync(HttpContext context, CatalogDb db, string id, string flag, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var image = await ImagesApi.FindVisibleAsync(db, caller, id, context.Request.Query["region"], ct, ShareStatuses.All);
        AuditFilter.Target(context, image);
        caller.Permissions.Demand(flag);
        var projects = caller.ProjectIds;
        return await db.ImageMembers.AsNoTracking()
            .Where(m => m.Region == image.Region && m.ImageId == image.Id && projects.Contains(m.ProjectId) && image.Visibility == "shared")
            .OrderBy(m => m.ProjectId).FirstOrDefaultAsync(ct)
            ?? throw ApiException.NotFound("This image is not shared with any of your projects.");
    }

    private static void WriteMember(Utf8JsonWriter w, string project, string status)
    {
        w.WriteStartObject();
        w.WriteString("project", project);
        w.WriteString("status", status);
        w.WriteEndObject();
    }
}
