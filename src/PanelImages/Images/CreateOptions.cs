using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Access;
using PanelImages.Catalog;

namespace PanelImages.Images;

/// <summary>GET .../images/create_options: what the create form may offer this caller, from the catalogue alone.</summary>
public static class CreateOptions
{
    public const int MaxClientChoices = 1000;

    public static async Task<IResult> Handle(HttpContext context, CatalogDb db, RegionGlance glance, IOptions<ImageOptions> options, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var regions = await db.Regions.AsNoTracking().Where(r => r.Enabled).OrderBy(r => r.Id).ToListAsync(ct);
        if (glance.IsConfigured)
        {
            // Where images can be created is what the cloud's catalog offers now, described as the catalogue knows it.
            var offered = await glance.RegionNamesAsync(ct);
            regions = offered.Select(id => regions.FirstOrDefault(r => r.Id == id) ?? new Region { Id = id }).ToList();
        }
        var clientIds = caller.ClientIds;
        var policy = caller.Audience == Audience.EndUser && clientIds.Count > 0
            ? await db.Clients.AsNoTracking().Where(c => clientIds.Contains(c.Id)).OrderBy(c => c.Id).FirstOrDefaultAsync(ct) : null;
        var visibilities = caller.Audience == Audience.Staff ? ImageChoices.AllVisibilities : ImageChoices.UserVisibilities;
        // Whom the image can be for (the create body's "client"): the caller's own clients. Staff may name any
        // client, too many to list: they type its id. Bounded like every list; a longer one is cut by name.
        var clients = caller.Audience == Audience.Staff ? null : await db.Clients.AsNoTracking()
            .Where(c => clientIds.Contains(c.Id)).OrderBy(c => c.Name).ThenBy(c => c.Id).Take(MaxClientChoices)
            .Select(c => new { c.Id, c.Name }).ToListAsync(ct);
        return new JsonWriterResult(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("regions");
            foreach (var r in regions)
            {
                w.WriteStartObject();
                w.WriteString("id", r.Id);
                w.WriteString("description", string.IsNullOrEmpty(r.Description) ? r.Id : r.Description);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Strings(w, "container_formats", ImageChoices.ContainerFormats);
            Strings(w, "disk_formats", ImageChoices.DiskFormats);
            Strings(w, "visibilities", visibilities);
            w.WriteStartArray("os_distros");
            foreach (var (value, display) in ImageChoices.OsDistros)
            {
                w.WriteStartObject();
                w.WriteString("value", value);
                w.WriteString("display", display);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Strings(w, "hypervisor_types", ImageChoices.HypervisorTypes);
            w.WriteBoolean("cleanup_enabled", policy?.CleanupEnabled ?? false);
            if (policy is null) w.WriteNull("cleanup_days"); else w.WriteNumber("cleanup_days", policy.CleanupDays);
            if (policy is null) w.WriteNull("cleanup_image_types"); else Strings(w, "cleanup_image_types", policy.CleanupImageTypes);
            w.WriteNumber("max_upload_bytes", options.Value.MaxUploadBytes);
            if (clients is null) w.WriteNull("clients");
            else
            {
                w.WriteStartArray("clients");
                foreach (var c in clients)
                {
                    w.WriteStartObject();
                    w.WriteNumber("id", c.Id);
                    w.WriteString("name", c.Name);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        });
    }

    private static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }
}
