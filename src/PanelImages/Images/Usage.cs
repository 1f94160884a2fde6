using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.OpenStack;

namespace PanelImages.Images;

/// <summary>
/// GET .../images/usage: per project and region of the caller's clients, what Glance counts against the Keystone
/// unified limits (images, stored MiB, uploads in progress) and those limits. Usage comes from the catalogue, counted
/// the way Glance counts it (images of the project not killed or deleted; size of those with data, in whole MiB;
/// uploading = saving, uploading or importing); limits from Keystone (<see cref="KeystoneLimits"/>).
/// End users and resellers see their own clients (optionally one of them, <c>client</c>); staff name a client.
/// </summary>
public static class Usage
{
    /// <summary>Bound on the rows of one answer (projects × regions); a longer list is cut and says so.</summary>
    public const int MaxRows = 100;
    public const long MiB = 1024 * 1024;
    public static readonly string[] UploadingStatuses = ["saving", "uploading", "importing"];
    // Glance's resource names (glance/quota/keystone.py)
    public const string CountTotal = "image_count_total", SizeTotal = "image_size_total", CountUploading = "image_count_uploading";

    public static async Task<IResult> Handle(HttpContext context, CatalogDb db, KeystoneLimits limits, RegionGlance glance,
        IOptions<OpenStackOptions> openStack, CancellationToken ct)
    {
        var caller = Caller.From(context);
        caller.Permissions.Demand(ImagePermissions.List);
        var query = context.Request.Query;
        ImagesApi.RejectParameters(query, "client", "region");
        var client = ClientParameter(query);
        var region = Single(query, "region");
        if (region is { Length: 0 or > 64 }) throw ApiException.BadRequest("Parameter \"region\" must be 1 to 64 characters.");
        List<int> clients;
        if (caller.Audience == Audience.Staff)
            clients = client is int c ? [c] : throw ApiException.BadRequest("Parameter \"client\" is required: the client whose usage to show.");
        else if (client is int mine)
            clients = caller.ClientIds.Contains(mine) ? [mine] : throw ApiException.BadRequest($"Client {mine} is not one of yours.");
        else clients = caller.ClientIds.ToList();
        if (!openStack.Value.IsConfigured) throw RegionGlance.NoCloud(); // the limits come from Keystone

        var projects = await db.Projects.AsNoTracking().Where(p => clients.Contains(p.ClientId))
            .OrderBy(p => p.ClientId).ThenBy(p => p.Id).Take(MaxRows + 1).ToListAsync(ct);
        // The regions are the cloud's (as for create_options): the catalogue knows a region only once it was synced.
        IReadOnlyList<string> regionIds;
        try { regionIds = await glance.RegionNamesAsync(ct); }
        catch (OpenStackException e) { throw KeystoneFailed(e); }
        // A project mapped without a region is the client's project in every region.
        var rows = projects.SelectMany(p => p.Region is null ? regionIds.Select(r => (Project: p, Region: r)) : [(p, p.Region)])
            .Where(x => region is null || x.Region == region).ToList();
        var truncated = rows.Count > MaxRows || projects.Count > MaxRows;
        rows = rows.Take(MaxRows).ToList();

        var ids = rows.Select(r => r.Project.Id).Distinct().ToList();
        var used = await Counted(db).Where(i => ids.Contains(i.Owner!))
            .GroupBy(i => new { i.Owner, i.Region })
            .Select(g => new
            {
                g.Key.Owner, g.Key.Region, Count = g.Count(),
                Bytes = g.Sum(i => i.Size > 0 ? i.Size!.Value : 0),
                Uploading = g.Count(i => UploadingStatuses.Contains(i.Status!)),
            }).ToListAsync(ct);

        var answers = new List<(string Region, Project Project, long Count, long Mib, long Uploading, IReadOnlyDictionary<string, long> Limits)>();
        foreach (var (project, r) in rows)
        {
            IReadOnlyDictionary<string, long> limit;
            try { limit = await limits.ForProjectAsync(project.Id, r, ct); }
            catch (OpenStackException e) { throw KeystoneFailed(e); }
            var u = used.FirstOrDefault(x => x.Owner == project.Id && x.Region == r);
            answers.Add((r, project, u?.Count ?? 0, (u?.Bytes ?? 0) / MiB, u?.Uploading ?? 0, limit));
        }
        return new JsonWriterResult(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("regions");
            foreach (var a in answers)
            {
                w.WriteStartObject();
                w.WriteString("region", a.Region);
                w.WriteString("project", a.Project.Id);
                if (a.Project.Name is null) w.WriteNull("project_name"); else w.WriteString("project_name", a.Project.Name);
                w.WriteNumber("client", a.Project.ClientId);
                Pair(w, "images", a.Count, a.Limits, CountTotal);
                Pair(w, "size_mib", a.Mib, a.Limits, SizeTotal);
                Pair(w, "uploading", a.Uploading, a.Limits, CountUploading);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteBoolean("truncated", truncated);
            w.WriteEndObject();
        });
    }

    /// <summary>The images Glance counts against a project's limits: not killed or deleted.</summary>
    private static IQueryable<Image> Counted(CatalogDb db) =>
        db.Images.AsNoTracking().Where(i => i.Owner != null && i.Status != "killed" && i.Status != TenancyRules.Deleted);

    // Never Glance's wording of ErrorResponses: this is Keystone, and none of its refusals is the caller's fault.
    private static ApiException KeystoneFailed(OpenStackException e) =>
        new(e.Status is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status502BadGateway,
            $"The limits could not be read from {e.Service}: {(e.Status is null ? "unreachable" : ((int)e.Status).ToString())} {e.Reason}");

    /// <summary>
    /// Before create: 413 when <paramref name="owner"/> already has its image_count_total in <paramref name="region"/>.
    /// Glance counts unified limits against the project of the token, and the panel creates a customer's image with
    /// its own service token (owner set): Glance would count the service project, never the customer's. So the panel
    /// checks the customer's count itself. Fails open when Keystone cannot be read (logged): the limits are a fence
    /// against runaway use, a Keystone hiccup must not stop every create.
    /// </summary>
    public static async Task EnsureRoomForOneMoreAsync(CatalogDb db, KeystoneLimits limits, string owner, string region,
        ILogger logger, CancellationToken ct)
    {
        IReadOnlyDictionary<string, long> limit;
        try { limit = await limits.ForProjectAsync(owner, region, ct); }
        catch (OpenStackException e) { logger.LogWarning(e, "Image limits of project {Project} unreadable; create not checked", owner); return; }
        if (!limit.TryGetValue(CountTotal, out var max)) return;
        var count = await Counted(db).Where(i => i.Owner == owner && i.Region == region).CountAsync(ct);
        if (count >= max)
            throw new ApiException(StatusCodes.Status413PayloadTooLarge,
                $"The project already has {count} images in {region}, its limit ({CountTotal}) is {max}: delete images or ask for a higher limit.");
    }

    private static void Pair(Utf8JsonWriter w, string name, long usedValue, IReadOnlyDictionary<string, long> limits, string resource)
    {
        w.WriteStartObject(name);
        w.WriteNumber("used", usedValue);
        if (limits.TryGetValue(resource, out var l)) w.WriteNumber("limit", l); else w.WriteNull("limit");
        w.WriteEndObject();
    }

    private static string? Single(IQueryCollection query, string name)
    {
        if (!query.TryGetValue(name, out var values)) return null;
        return values.Count == 1 ? values[0] : throw ApiException.BadRequest($"Parameter \"{name}\" may be given once.");
    }

    private static int? ClientParameter(IQueryCollection query) =>
        Single(query, "client") is not { } text ? null
        : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0 ? id
        : throw ApiException.BadRequest("Parameter \"client\" must be a positive integer (a client id).");
}
