using System.Buffers;
using System.Text.Json;
using PanelImages.Catalog;
using PanelImages.OpenStack;

namespace PanelImages.Sync;

/// <summary>
/// Glance image JSON → catalogue row. Every value is stored as Glance sent it: no list of known statuses, formats or
/// lengths decides whether an image exists (reference bug B16). Panel-owned columns (reseller attribution) are left alone.
/// </summary>
public static class GlanceImageMapper
{
    /// <summary>
    /// Glance's own attributes: columns of the row, or links and hashes that are not image properties. The image
    /// actions refuse these as free property names for the same reason.
    /// </summary>
    public static readonly IReadOnlySet<string> Core = new HashSet<string>
    {
        "id", "name", "status", "visibility", "protected", "os_hidden", "checksum", "os_hash_algo", "os_hash_value",
        "owner", "size", "virtual_size", "min_ram", "min_disk", "container_format", "disk_format", "created_at",
        "updated_at", "tags", "direct_url", "locations", "self", "file", "schema", "stores",
        // promoted to columns and not repeated in properties
        "os_distro", "os_version", "architecture", "hypervisor_type",
    };

    // Values go back out exactly as readable as they came (no \uXXXX for accents); the API writes this JSON raw.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Id(JsonElement g) => g.GetProperty("id").GetString()!;

    public static void Apply(Image row, JsonElement g, IReadOnlyDictionary<string, int> clientOfProject)
    {
        row.Name = GlanceJson.String(g, "name");
        row.Status = GlanceJson.String(g, "status");
        row.Visibility = GlanceJson.String(g, "visibility");
        row.ContainerFormat = GlanceJson.String(g, "container_format");
        row.DiskFormat = GlanceJson.String(g, "disk_format");
        row.Size = GlanceJson.Long(g, "size");
        row.VirtualSize = GlanceJson.Long(g, "virtual_size");
        row.CreatedAt = GlanceJson.Time(g, "created_at");
        row.UpdatedAt = GlanceJson.Time(g, "updated_at");
        row.MinDisk = GlanceJson.Int(g, "min_disk");
        row.MinRam = GlanceJson.Int(g, "min_ram");
        row.Protected = GlanceJson.Bool(g, "protected");
        row.Owner = GlanceJson.String(g, "owner");
        row.ClientId = row.Owner is not null && clientOfProject.TryGetValue(row.Owner, out var client) ? client : null;
        row.Type = GlanceJson.String(g, "image_type") ?? "template";
        row.OsDistro = GlanceJson.String(g, "os_distro");
        row.OsVersion = GlanceJson.String(g, "os_version");
        row.Architecture = GlanceJson.String(g, "architecture");
        row.HypervisorType = GlanceJson.String(g, "hypervisor_type");
        row.InstanceUuid = GlanceJson.String(g, "instance_uuid");
        row.HwQemuGuestAgent = GlanceJson.String(g, "hw_qemu_guest_agent")?.Trim().ToLowerInvariant() is "yes" or "true";
        row.VolumeSnapshotUuid = SnapshotOf(GlanceJson.String(g, "block_device_mapping"));
        var tags = g.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Array
            ? t.EnumerateArray().Select(GlanceJson.AsString).OfType<string>().ToList() : [];
        if (!tags.SequenceEqual(row.Tags)) row.Tags = tags;
        row.PropertiesJson = PropertiesOf(g);
        if (row.Status != "deleted") row.DeletedAt = null;
    }

    /// <summary>The properties that are not Glance's own attributes, in the order Glance sent them.</summary>
    public static string PropertiesOf(JsonElement g)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            foreach (var p in g.EnumerateObject())
                if (!Core.Contains(p.Name)) p.WriteTo(w);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>block_device_mapping is a JSON string (Nova writes it); the first entry's snapshot_id, if any.</summary>
    public static string? SnapshotOf(string? blockDeviceMapping)
    {
        if (string.IsNullOrWhiteSpace(blockDeviceMapping)) return null;
        try
        {
            using var doc = JsonDocument.Parse(blockDeviceMapping);
            return doc.RootElement is { ValueKind: JsonValueKind.Array } a && a.GetArrayLength() > 0
                   && a[0].ValueKind == JsonValueKind.Object && a[0].TryGetProperty("snapshot_id", out var s)
                ? GlanceJson.AsString(s) : null;
        }
        catch (JsonException) { return null; }
    }
}
