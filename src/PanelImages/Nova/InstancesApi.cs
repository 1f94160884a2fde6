using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PanelImages.Access;
using PanelImages.Audit;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.Images;
using PanelImages.OpenApi;
using PanelImages.OpenApi.Schemas;
using PanelImages.OpenStack;

namespace PanelImages.Nova;

/// <summary>
/// Instances of the caller's projects and the two image actions on them, under each audience's prefix. Not visible
/// (another client's project): 404; visible without the <c>instances.*</c> flag: 403. The new image is written to the
/// catalogue at once and then follows queued → saving → active through the sync and notifications.
/// </summary>
public static class InstancesApi
{
    public const int MaxListed = 1000;

    public static IEndpointRouteBuilder MapInstancesApi(this IEndpointRouteBuilder app)
    {
        foreach (var (imagesPrefix, audience) in ImagesApi.Audiences)
        {
            var group = app.MapGroup(imagesPrefix[..^"/images".Length] + "/instances").RequireAuthorization(audience.ToString())
                .WithTags($"Instances ({audience})");
            group.MapGet("", List).WithName($"{audience}ListInstances").DescribesInstanceList()
                .WithSummary($"The caller's instances (at most {MaxListed}, by name; region=R narrows) and the instances.* flags.");
            group.MapPost("/{id}/snapshot", Snapshot).Audited("snapshot").WithName($"{audience}SnapshotInstance")
                .DescribesInstanceImage(audience, typeof(SnapshotRequest))
                .WithSummary("Nova createImage: {\"name\"}; 202 with the new image (type snapshot).");
            group.MapPost("/{id}/backup", Backup).Audited("backup").WithName($"{audience}BackupInstance")
                .DescribesInstanceImage(audience, typeof(BackupRequest))
                .WithSummary("Nova createBackup: {\"name\", \"backup_type\", \"rotation\"}; 202 with the new image (type backup).");
        }
        return app;
    }

    /// <summary>The one rule of who sees which instance: staff all, everyone else the instances of their clients' projects.</summary>
    public static IQueryable<Instance> VisibleTo(this IQueryable<Instance> instances, Caller caller)
    {
        if (caller.Audience == Audience.Staff) return instances;
        var projects = caller.ProjectIds;
        return instances.Where(i => projects.Contains(i.ProjectId));
    }

    private static async Task<IResult> List(HttpContext context, CatalogDb db, string? region, CancellationToken ct)
    {
        ImagesApi.RejectParameters(context.Request.Query, "region");
        var caller = Caller.From(context);
        var rows = await db.Instances.AsNoTracking().VisibleTo(caller).Where(i => region == null || i.Region == region)
            .OrderBy(i => i.Name).ThenBy(i => i.Id).Take(MaxListed + 1).ToListAsync(ct);
        return TypedResults.Ok(new InstanceList(
            [.. rows.Take(MaxListed).Select(i => new ListedInstance(i.Id, i.Name, i.Region, i.Status, i.ImageId, i.FlavorId,
                caller.Audience == Audience.EndUser ? null : i.ProjectId, i.CreatedAt, i.UpdatedAt))],
            rows.Count > MaxListed,
            new InstanceFlags(caller.Permissions.Allows(ImagePermissions.InstanceSnapshot), caller.Permissions.Allows(ImagePermissions.InstanceBackup))));
    }

    private static async Task<IResult> Snapshot(string id, HttpContext context, CatalogDb db, NovaRegions nova, RegionGlance glance, CancellationToken ct)
    {
        var (caller, instance) = await ResolveAsync(context, db, id, ImagePermissions.InstanceSnapshot, ct);
        var body = await JsonBody.ReadAsync(context.Request, ct);
        body.Allow(["name"]);
        var name = RequiredName(body);
        return await CreateImageAsync(context, db, nova, glance, caller, instance, "createImage", new JsonObject { ["name"] = name }, ct);
    }

    private static async Task<IResult> Backup(string id, HttpContext context, CatalogDb db, NovaRegions nova, RegionGlance glance, CancellationToken ct)
    {
        var (caller, instance) = await ResolveAsync(context, db, id, ImagePermissions.InstanceBackup, ct);
        var body = await JsonBody.ReadAsync(context.Request, ct);
        body.Allow(["name", "backup_type", "rotation"]);
        var name = RequiredName(body);
        var type = body.String("backup_type", 64, nullable: false)!;
        if (type.Trim().Length == 0) throw ApiException.BadRequest("Field \"backup_type\" must not be empty (e.g. daily, weekly).");
        var rotation = body.Int("rotation", 0, 1000) ?? throw ApiException.BadRequest("Field \"rotation\" is required: how many backups of this type to keep.");
        return await CreateImageAsync(context, db, nova, glance, caller, instance, "createBackup",
            new JsonObject { ["name"] = name, ["backup_type"] = type, ["rotation"] = rotation }, ct);
    }

    private static string RequiredName(JsonBody body)
    {
        var name = body.String("name", 255, nullable: false)!;
        return name.Trim().Length > 0 ? name : throw ApiException.BadRequest("Field \"name\" must not be empty.");
    }

    private static async Task<(Caller, Instance)> ResolveAsync(HttpContext context, CatalogDb db, string id, string flag, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var instance = await db.Instances.AsNoTracking().VisibleTo(caller).FirstOrDefaultAsync(i => i.Id == id, ct)
                       ?? throw ApiException.NotFound();
        caller.Permissions.Demand(flag);
        if (instance.Region is null) throw ApiException.Conflict("This instance was added by hand and has no region: Nova cannot be asked.");
        return (caller, instance);
    }

    private static async Task<IResult> CreateImageAsync(HttpContext context, CatalogDb db, NovaRegions novas, RegionGlance glances,
        Caller caller, Instance instance, string action, JsonObject body, CancellationToken ct)
    {
        var nova = await novas.ForAsync(instance.Region!, ct);
        string imageId;
        try { imageId = await nova.ImageActionAsync(instance.Id, action, body, ct); }
        catch (OpenStackException e) when (e.Status == HttpStatusCode.NotFound)
        {
            throw ApiException.NotFound("The instance no longer exists in Nova.");
        }
        var glance = await glances.ForAsync(instance.Region!, ct);
        var row = await OwnedByInstanceProjectAsync(db, glance, imageId, instance.ProjectId, ct);
        AuditFilter.Target(context, row);
        return await ImageActionsApi.RowResult(db, caller, row, ct, StatusCodes.Status202Accepted,
            $"{ImagesApi.Audiences.First(a => a.Audience == caller.Audience).Prefix}/{row.Id}");
    }

    /// <summary>
    /// Nova creates the image in the project of the token that asked (this service's admin project) and shares it with
    /// the instance's; the instance's client must own it (its list, its cleanup policy), so owner and visibility are
    /// set to what the client itself would have got. Glance's answer goes to the catalogue at once.
    /// </summary>
    private static async Task<Image> OwnedByInstanceProjectAsync(CatalogDb db, GlanceClient glance, string imageId, string project, CancellationToken ct)
    {
        // Nova's compute uploads the data meanwhile; a Glance on SQLite may then refuse a write with a 500 (rolled
        // back). Setting owner and visibility is idempotent, so it is read and tried again a few times.
        for (var attempt = 1; ; attempt++)
            try
            {
                using var current = await glance.GetImageAsync(imageId, ct) ?? throw ApiException.NotFound("Nova's new image is not in Glance.");
                var ops = new JsonArray();
                if (GlanceJson.String(current.RootElement, "owner") != project)
                    ops.Add(new JsonObject { ["op"] = "replace", ["path"] = "/owner", ["value"] = project });
                if (GlanceJson.String(current.RootElement, "visibility") != "private")
                    ops.Add(new JsonObject { ["op"] = "replace", ["path"] = "/visibility", ["value"] = "private" });
                if (ops.Count == 0) return await CatalogWriteThrough.UpsertAsync(db, glance.Region, current.RootElement, ct);
                using var patched = await glance.PatchImageAsync(imageId, ops, ct);
                return await CatalogWriteThrough.UpsertAsync(db, glance.Region, patched.RootElement, ct);
            }
            catch (OpenStackException e) when (attempt < 4 && e.Status is HttpStatusCode.InternalServerError or HttpStatusCode.Conflict)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), ct);
            }
    }
}
