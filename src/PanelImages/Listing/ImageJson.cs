using System.Globalization;
using System.Text.Json;
using PanelImages.Access;
using PanelImages.Catalog;

namespace PanelImages.Listing;

/// <summary>
/// Writes an image exactly as the documented object: its fields, in its order, with its formats.
/// Written by hand (not serialized from a type) because the order, the raw properties JSON and the
/// per-caller nulling of other tenants' data are all part of the contract.
/// </summary>
public static class ImageJson
{
    public static void Write(Utf8JsonWriter w, ImageRow row, Caller caller)
    {
        var image = row.Image;
        var rules = caller.Rules;
        var staffView = caller.Audience != Audience.EndUser;
        // Of an image its organisation does not manage the caller sees nothing that names the owner (TenancyRules).
        var manages = rules.Manages(image);
        var staffFields = rules.SeesStaffFields(image);
        var (client, relatedInstance, cleanupDate) = RelatedShown(row, caller);
        var isIso = image.DiskFormat == "iso";

        w.WriteStartObject();
        w.WriteString("id", image.Id);
        w.WriteStartArray("tags");
        foreach (var tag in image.Tags) w.WriteStringValue(tag);
        w.WriteEndArray();
        if (client is null) w.WriteNull("client");
        else
        {
            w.WriteStartObject("client");
            w.WriteNumber("id", client.Id);
            w.WriteString("name", client.Name);
            w.WriteString("display", client.Display);
            w.WriteEndObject();
        }
        w.WritePropertyName("properties");
        var properties = string.IsNullOrEmpty(image.PropertiesJson) ? "{}" : image.PropertiesJson;
        if (manages) w.WriteRawValue(properties, skipInputValidation: true);
        else WriteWithout(w, properties, caller.Hidden);
        // Staff see whether any flavor assignment exists (the reference's has_flavors_assigned); the others whether
        // they can boot it: no assignment, or one assigned flavor their projects may use.
        var staff = caller.Audience == Audience.Staff;
        if (staff) w.WriteBoolean("has_flavors_assigned", image.FlavorIds.Count > 0);
        w.WriteBoolean("is_iso", isIso);
        WriteNullable(w, "display_name", DisplayName(image));
        WriteTime(w, "cleanup_date", cleanupDate);
        if (!staff) w.WriteBoolean("assigned_to_flavor", row.FlavorAvailable);
        if (relatedInstance is { } instance)
        {
            w.WriteStartObject("related_instance");
            w.WriteString("id", instance.Id);
            w.WriteString("name", instance.Name);
            w.WriteEndObject();
        }
        else w.WriteNull("related_instance");
        WriteNullable(w, "name", image.Name);
        w.WriteString("type", image.Type);
        if (staffView) WriteNullable(w, "owner", staffFields ? image.Owner : null);
        WriteNullable(w, "status", image.Status);
        WriteNumber(w, "size", image.Size);
        if (staffView) WriteNumber(w, "virtual_size", staffFields ? image.VirtualSize : null);
        WriteTime(w, "created_at", image.CreatedAt);
        WriteTime(w, "updated_at", image.UpdatedAt);
        WriteTime(w, "deleted_at", image.DeletedAt);
        WriteNullable(w, "os_distro", image.OsDistro);
        WriteNullable(w, "hypervisor_type", image.HypervisorType);
        WriteNullable(w, "os_version", image.OsVersion);
        WriteNullable(w, "architecture", image.Architecture);
        w.WriteNumber("min_disk", image.MinDisk);
        w.WriteNumber("min_ram", image.MinRam);
        w.WriteBoolean("protected", image.Protected);
        WriteNullable(w, "visibility", image.Visibility);
        WriteNullable(w, "container_format", image.ContainerFormat);
        WriteNullable(w, "disk_format", image.DiskFormat);
        w.WriteBoolean("hw_qemu_guest_agent", image.HwQemuGuestAgent);
        WriteNullable(w, "instance_uuid", manages ? image.InstanceUuid : null);
        WriteNullable(w, "volume_snapshot_uuid", image.VolumeSnapshotUuid);
        w.WriteString("region", image.Region);
        WriteNumber(w, "reseller_resources", staffFields ? image.ResellerResources : null);
        // Staff: every reseller whose clients run it; a reseller: itself only, on any image it sees (that its own clients
        // run an image is its own business, not another tenant's); end users: never.
        w.WriteStartArray("used_by_resellers");
        foreach (var id in image.UsedByResellers)
            if (staff || (caller.Audience == Audience.Reseller && id == caller.UserId)) w.WriteNumberValue(id);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The client, related instance and cleanup date of a row as far as the caller is shown them (TenancyRules).</summary>
    public readonly record struct Related(Client? Client, Instance? Instance, DateTime? CleanupDate);

    /// <summary>What of the row's client and instance the caller sees: the one rule of the JSON and the CSV.</summary>
    public static Related RelatedShown(ImageRow row, Caller caller)
    {
        var rules = caller.Rules;
        var client = row.Client is not null && rules.SeesClient(row.Client.Id) ? row.Client : null;
        var instance = row.Instance is { } n && rules.SeesInstance(n.ProjectId) ? n : null;
        return new Related(client, instance, CleanupDate(row.Image, client));
    }

    public static string? DisplayName(Image image) => image.DiskFormat == "iso" ? "[ISO] " + image.Name : image.Name;

    /// <summary>The properties object without the hidden keys (stored properties are always a valid JSON object).</summary>
    private static void WriteWithout(Utf8JsonWriter w, string propertiesJson, IReadOnlySet<string> hidden)
    {
        using var document = JsonDocument.Parse(propertiesJson);
        w.WriteStartObject();
        foreach (var property in document.RootElement.EnumerateObject())
            if (!hidden.Contains(property.Name)) property.WriteTo(w);
        w.WriteEndObject();
    }

    /// <summary>created_at + the owning client's retention, when its enabled policy covers this image and it is not protected.</summary>
    public static DateTime? CleanupDate(Image image, Client? client) =>
        client is { CleanupEnabled: true } && !image.Protected && image.CreatedAt is DateTime created
        && client.CleanupImageTypes.Contains(image.Type)
            ? created.AddDays(client.CleanupDays) : null;

    public static string FormatTime(DateTime value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void WriteTime(Utf8JsonWriter w, string name, DateTime? value)
    {
        if (value is DateTime v) w.WriteString(name, FormatTime(v));
        else w.WriteNull(name);
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name);
        else w.WriteString(name, value);
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, long? value)
    {
        if (value is long v) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
