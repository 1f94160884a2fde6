using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.Hardening;
using PanelImages.OpenStack;

namespace PanelImages.Images;

/// <summary>
/// POST .../images: the image is created in Glance with its owner set explicitly, written to the catalogue at once,
/// and returned (201, Location). JSON, or multipart with the fields first and the data as the last part, streamed.
/// </summary>
public static class CreateImage
{
    private static readonly string[] Fields =
        ["name", "min_disk", "min_ram", "region", "container_format", "disk_format", "visibility", "protected", "architecture", "os_distro",
         "os_version", "hypervisor_type", "tags", "url", "client"];
    private static readonly string[] StaffFields = ["properties", "owner"];

    public static async Task<IResult> Handle(HttpContext context, CatalogDb db, RegionGlance glance, KeystoneClient keystone,
        KeystoneLimits limits, IOptions<ImageOptions> options, CancellationToken ct)
    {
        var caller = Caller.From(context);
        caller.Permissions.Demand(ImagePermissions.Create);
        MultipartSection? file = null;
        JsonBody body;
        if (MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
            // RFC 2046: 1 to 70 characters.
            if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
                throw ApiException.BadRequest("multipart/form-data needs a boundary of 1 to 70 characters.");
            // Kestrel's 30 MB default would end the stream inside the file part; it can only change before the body is read.
            ImageData.AllowBody(context, options.Value.MaxUploadBytes);
            var multipart = new MultipartReader(boundary, context.Request.Body) { BodyLengthLimit = null };
            (body, file) = await ReadFormFieldsAsync(multipart, RequestLimitsOptions.Of(context), ct);
        }
        else body = await JsonBody.ReadAsync(context.Request, ct);

        var staff = caller.Audience == Audience.Staff;
        body.Allow(staff ? [.. Fields, .. StaffFields] : Fields, staff ? null : StaffFields);
        var regionName = await ChooseRegionAsync(glance, body.String("region", 64), ct);
        var region = await glance.ForAsync(regionName, ct);
        var url = body.Has("url") ? ImageData.ImportUrl(body.String("url", 2048, nullable: false)!) : null;
        if (url is not null && file is not null) throw ApiException.BadRequest("Send either a file or a url, not both.");
        if (url is not null) await ImageData.EnsureWebDownloadAsync(region, ct); // before creating: no orphan image when it is refused

        var (owner, resellerResources) = await ChooseOwnerAsync(db, caller, body, regionName, keystone, ct);
        await Usage.EnsureRoomForOneMoreAsync(db, limits, owner, regionName,
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CreateImage)), ct);
        var glanceBody = new JsonObject
        {
            ["name"] = body.String("name"),
            ["min_disk"] = body.Int("min_disk") ?? 0,
            ["min_ram"] = body.Int("min_ram") ?? 0,
            ["container_format"] = body.Choice("container_format", ImageChoices.ContainerFormats) ?? "bare",
            ["disk_format"] = body.Choice("disk_format", ImageChoices.DiskFormats) ?? "qcow2",
            ["visibility"] = body.Choice("visibility", staff ? ImageChoices.AllVisibilities : ImageChoices.UserVisibilities) ?? "private",
            ["protected"] = body.Bool("protected") ?? false,
            ["owner"] = owner,
        };
        foreach (var field in new[] { "architecture", "os_distro", "os_version" })
            if (body.String(field) is { } value) glanceBody[field] = value;
        if (body.Choice("hypervisor_type", ImageChoices.HypervisorTypes) is { } hypervisor) glanceBody["hypervisor_type"] = hypervisor;
        if (body.StringList("tags") is { } tags) glanceBody["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]);
        foreach (var (key, value) in body.Properties("properties", ImageChoices.ReservedProperties, allowNull: false) ?? [])
            glanceBody[key] = value;

        using var created = await region.CreateImageAsync(glanceBody, ct);
        var row = await CatalogWriteThrough.UpsertAsync(db, regionName, created.RootElement, ct, resellerResources);
        Audit.AuditFilter.Target(context, row);
        try
        {
            if (file is not null)
            {
                await ImageData.SendDataAsync(context, await glance.DataForAsync(regionName, ct), row.Id, file.Body, options.Value.MaxUploadBytes, ct);
                row = await CatalogWriteThrough.RefreshAsync(db, region, row.Id, ct) ?? row;
            }
            else if (url is not null)
            {
                await region.ImportFromUrlAsync(row.Id, url, ct);
                row = await CatalogWriteThrough.RefreshAsync(db, region, row.Id, ct) ?? row;
            }
        }
        catch
        {
            await TakeBackAsync(context, db, region, regionName, row);
            throw;
        }
        var location = $"{context.Request.PathBase}{context.Request.Path.Value!.TrimEnd('/')}/{row.Id}";
        return await ImageActionsApi.RowResult(db, caller, row, ct, StatusCodes.Status201Created, location);
    }

    /// <summary>
    /// The data never arrived: takes the empty image back so that nothing half-made is left in Glance or here. Glance
    /// refuses to delete a protected image, so it is unprotected first. A failure here must not hide the error the
    /// caller needs to see: it is logged, and the next sync settles what is left.
    /// </summary>
    private static async Task TakeBackAsync(HttpContext context, CatalogDb db, GlanceClient region, string regionName, Image row)
    {
        try
        {
            if (row.Protected)
            {
                using var _ = await region.PatchImageAsync(row.Id,
                    [new JsonObject { ["op"] = "replace", ["path"] = "/protected", ["value"] = false }], CancellationToken.None);
            }
            await region.DeleteImageAsync(row.Id, CancellationToken.None);
            await CatalogWriteThrough.TombstoneAsync(db, regionName, row.Id, CancellationToken.None);
        }
        catch (Exception e)
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CreateImage))
                .LogError(e, "Could not take back image {Image} in {Region} after its data failed to arrive", row.Id, regionName);
        }
    }

    private static async Task<string> ChooseRegionAsync(RegionGlance glance, string? requested, CancellationToken ct)
    {
        var regions = await glance.RegionNamesAsync(ct);
        if (requested is not null)
            return regions.Contains(requested) ? requested
                : throw ApiException.BadRequest($"Unknown region \"{requested}\". Available: {string.Join(", ", regions)}.");
        return regions.Count == 1 ? regions[0]
            : throw ApiException.BadRequest($"Field \"region\" is required: one of {string.Join(", ", regions)}.");
    }

    /// <summary>The Glance owner: the project of the caller's client in that region; staff may name any project or client.</summary>
    private static async Task<(string Owner, int? ResellerResources)> ChooseOwnerAsync(
        CatalogDb db, Caller caller, JsonBody body, string region, KeystoneClient keystone, CancellationToken ct)
    {
        if (caller.Audience == Audience.Staff && body.String("owner", 64) is { } project) return (project, null);
        var clientId = body.Int("client", 1);
        if (clientId is null && caller.Audience != Audience.EndUser)
            return ((await keystone.GetTokenAsync(ct)).ProjectId ?? throw new ApiException(502, "The service's Keystone token has no project."),
                caller.Audience == Audience.Reseller ? caller.UserId : null);
        if (clientId is int id && caller.Audience != Audience.Staff && !caller.ClientIds.Contains(id))
            throw ApiException.BadRequest($"Client {id} is not one of yours.");
        var clients = clientId is int chosen ? [chosen] : caller.ClientIds.ToList();
        var projects = await db.Projects.AsNoTracking()
            .Where(p => clients.Contains(p.ClientId) && (p.Region == region || p.Region == null))
            .OrderBy(p => p.Region == null).ThenBy(p => p.Id).ToListAsync(ct);
        if (projects.Count == 0) throw ApiException.BadRequest($"No OpenStack project of yours is in region {region}.");
        if (projects.Select(p => p.ClientId).Distinct().Count() > 1)
            throw ApiException.BadRequest("You belong to several clients: say which with \"client\".");
        return (projects[0].Id, null);
    }

    /// <summary>Reads the form fields that come before the file part, and returns that part unread.</summary>
    private static async Task<(JsonBody Fields, MultipartSection? File)> ReadFormFieldsAsync(
        MultipartReader reader, RequestLimitsOptions limits, CancellationToken ct)
    {
        var fields = new JsonObject();
        var budget = limits.MaxJsonBytes;
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                var disposition = section.GetContentDispositionHeader()
                    ?? throw ApiException.BadRequest("Each multipart part needs a Content-Disposition header.");
                if (disposition.IsFileDisposition()) return (new JsonBody(fields), section);
                var name = disposition.Name.Value ?? throw ApiException.BadRequest("A multipart field has no name.");
                if (fields.ContainsKey(name)) throw ApiException.BadRequest($"Multipart field \"{name}\" was given twice; give it once.");
                var bytes = await JsonBody.ReadBoundedAsync(section.Body, budget, null, ct);
                budget -= bytes.Length;
                fields[name] = FieldValue(name, bytes, limits);
            }
        }
        catch (IOException e)
        {
            throw ApiException.BadRequest($"The multipart body is malformed or ends before its closing boundary: {e.Message}");
        }
        return (new JsonBody(fields), null);
    }

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    private static JsonNode? FieldValue(string name, byte[] bytes, RequestLimitsOptions limits)
    {
        if (name == "properties") return JsonBody.Parse(bytes, limits.MaxJsonDepth);
        string value;
        try { value = StrictUtf8.GetString(bytes); }
        catch (System.Text.DecoderFallbackException)
        {
            throw ApiException.BadRequest($"Multipart field \"{name}\" is not valid UTF-8.");
        }
        if (value.Contains('\0')) throw ApiException.BadRequest(Hardening.Text.NulDetail($"Multipart field \"{name}\""));
        return name switch
        {
            "min_disk" or "min_ram" or "client" => int.TryParse(value, out var n) ? JsonValue.Create(n) : JsonValue.Create(value),
            "protected" => bool.TryParse(value, out var b) ? JsonValue.Create(b) : JsonValue.Create(value),
            "tags" => new JsonArray([.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => (JsonNode)t)]),
            _ => JsonValue.Create(value),
        };
    }
}
