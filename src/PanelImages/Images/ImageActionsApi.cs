using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PanelImages.Access;
using PanelImages.Audit;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.Listing;
using PanelImages.OpenApi;
using PanelImages.OpenStack;

namespace PanelImages.Images;

/// <summary>Update, destroy, deactivate, reactivate and download: each starts from the caller's visible set (404), then the rules (403).</summary>
public static class ImageActionsApi
{
    public static RouteGroupBuilder MapImageActions(this RouteGroupBuilder group, Audience audience)
    {
        group.MapPatch("/{id}", Update).Audited("update").WithName($"{audience}PatchImage").WithSummary("Change fields and properties of an image the caller manages.")
            .DescribesUpdate(audience);
        group.MapPut("/{id}", Update).Audited("update").WithName($"{audience}UpdateImage").WithSummary("Same as PATCH: only the fields sent change.").DescribesUpdate(audience);
        group.MapDelete("/{id}", Destroy).Audited("destroy").WithName($"{audience}DeleteImage").WithSummary("Delete an image (409 when protected).").DescribesDelete();
        group.MapPost("/{id}/deactivate", (string id, HttpContext c, CatalogDb db, RegionGlance g, CancellationToken ct) => ChangeState(id, c, db, g, ImageAction.Deactivate, ct))
            .Audited("deactivate").WithName($"{audience}DeactivateImage").WithSummary("active → deactivated (409 from any other status).").DescribesStateChange();
        group.MapPost("/{id}/reactivate", (string id, HttpContext c, CatalogDb db, RegionGlance g, CancellationToken ct) => ChangeState(id, c, db, g, ImageAction.Reactivate, ct))
            .Audited("reactivate").WithName($"{audience}ReactivateImage").WithSummary("deactivated → active (409 from any other status).").DescribesStateChange();
        group.MapGet("/{id}/download", ImageData.Download).WithName($"{audience}DownloadImage")
            .WithSummary("The image data, streamed from Glance; HTTP Range passes through.").DescribesDownload();
        return group;
    }

    private static readonly string[] EndUserUpdateFields =
        ["name", "min_disk", "min_ram", "visibility", "protected", "architecture", "os_distro", "os_version", "hypervisor_type", "properties", "tags"];
    private static readonly string[] StaffOnlyUpdateFields = ["owner", "os_hidden"];

    private static async Task<IResult> Update(string id, HttpContext context, CatalogDb db, RegionGlance glance, CancellationToken ct)
    {
        var (caller, image) = await ImageRules.ResolveAsync(context, db, id, ImageAction.Update, ct);
        var body = await JsonBody.ReadAsync(context.Request, ct);
        var staff = caller.Audience == Audience.Staff;
        body.Allow(staff ? [.. EndUserUpdateFields, .. StaffOnlyUpdateFields] : EndUserUpdateFields, staff ? null : StaffOnlyUpdateFields);
        if (body.Fields.Count == 0)
            throw ApiException.BadRequest("Nothing to update: send at least one field.");

        var changes = new Dictionary<string, JsonNode?>();
        void Set(string name, JsonNode? value) => changes[name] = value;
        if (body.Has("name")) Set("name", body.String("name"));
        if (body.Int("min_disk") is int minDisk) Set("min_disk", minDisk);
        if (body.Int("min_ram") is int minRam) Set("min_ram", minRam);
        if (body.Has("visibility"))
            Set("visibility", body.Choice("visibility", staff ? ImageChoices.AllVisibilities : ImageChoices.UserVisibilities)
                ?? throw ApiException.BadRequest("Field \"visibility\" cannot be null."));
        if (body.Bool("protected") is bool isProtected) Set("protected", isProtected);
        if (body.Bool("os_hidden") is bool hidden) Set("os_hidden", hidden);
        if (body.Has("owner")) Set("owner", body.String("owner", 64, nullable: false));
        foreach (var field in new[] { "architecture", "os_distro", "os_version" })
            if (body.Has(field)) Set(field, body.String(field));
        if (body.Has("hypervisor_type")) Set("hypervisor_type", body.Choice("hypervisor_type", ImageChoices.HypervisorTypes));
        foreach (var (key, value) in body.Properties("properties", ImageChoices.ReservedProperties, allowNull: true) ?? [])
            Set(key, value);

        var region = await glance.ForAsync(image.Region, ct);
        using var current = await region.GetImageAsync(image.Id, ct) ?? throw ApiException.NotFound("The image no longer exists in Glance.");
        var operations = new JsonArray();
        foreach (var (name, value) in changes)
        {
            var present = current.RootElement.TryGetProperty(name, out _);
            if (value is null)
            {
                if (present) operations.Add(new JsonObject { ["op"] = "remove", ["path"] = "/" + name });
            }
            else operations.Add(new JsonObject { ["op"] = present ? "replace" : "add", ["path"] = "/" + name, ["value"] = value.DeepClone() });
        }
        if (body.StringList("tags") is { } tags)
            operations.Add(new JsonObject { ["op"] = "replace", ["path"] = "/tags", ["value"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]) });

        using var updated = operations.Count == 0 ? null : await region.PatchImageAsync(image.Id, operations, ct);
        var row = updated is null ? image : await CatalogWriteThrough.UpsertAsync(db, image.Region, updated.RootElement, ct);
        return await RowResult(db, caller, row, ct);
    }

    private static async Task<IResult> Destroy(string id, HttpContext context, CatalogDb db, RegionGlance glance, CancellationToken ct)
    {
        var (_, image) = await ImageRules.ResolveAsync(context, db, id, ImageAction.Destroy, ct);
        if (image.Protected) throw ApiException.Conflict("Can't delete protected image");
        var region = await glance.ForAsync(image.Region, ct);
        await region.DeleteImageAsync(image.Id, ct);
        await CatalogWriteThrough.TombstoneAsync(db, image.Region, image.Id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ChangeState(string id, HttpContext context, CatalogDb db, RegionGlance glance, ImageAction action, CancellationToken ct)
    {
        var (_, image) = await ImageRules.ResolveAsync(context, db, id, action, ct);
        var (from, verb, glanceAction) = action == ImageAction.Deactivate
            ? ("active", "deactivated", "deactivate") : ("deactivated", "reactivated", "reactivate");
        var region = await glance.ForAsync(image.Region, ct);
        // The catalogue may be a few seconds behind: judge the transition on Glance's status.
        var row = await CatalogWriteThrough.RefreshAsync(db, region, image.Id, ct) ?? throw ApiException.NotFound();
        if (row.Status != from)
            throw ApiException.Conflict($"Only {from} images can be {verb}; this image is {row.Status}.");
        await region.ImageActionAsync(image.Id, glanceAction, ct);
        row = await CatalogWriteThrough.RefreshAsync(db, region, image.Id, ct) ?? throw ApiException.NotFound();
        return new JsonWriterResult(w =>
        {
            w.WriteStartObject();
            w.WriteString("detail", $"Image {row.Name ?? row.Id} {verb}");
            w.WriteString("status", row.Status);
            w.WriteEndObject();
        });
    }

    internal static async Task<IResult> RowResult(CatalogDb db, Caller caller, Image row, CancellationToken ct, int status = 200, string? location = null)
    {
        var related = (await ImageListing.WithRelatedAsync(db, [row], ct, caller))[0];
        return new JsonWriterResult(w => ImageJson.Write(w, related, caller), status, location);
    }
}
