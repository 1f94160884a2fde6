using System.Text.Json;
using System.Text.Json.Serialization;

namespace PanelImages.OpenApi.Schemas;

// The shapes of the hand-written image JSON (Listing/ImageJson.cs, ListEnvelope.cs), for the OpenAPI document only:
// the writers keep their exact key order, these records say what the keys are. OpenApiSchemaRules makes every
// property of a response record required and closes it (additionalProperties: false); the OpenApi tests check
// real responses against the result, so a field written but not described here fails them.

/// <summary>Every error: what was wrong, in words.</summary>
public sealed record ErrorBody([property: JsonPropertyName("detail")] string Detail)
{
    /// <summary>The request's X-Request-Id, where the service adds it.</summary>
    [JsonPropertyName("request_id"), OptionalField] public string? RequestId { get; init; }
}

/// <summary>The fields every audience sees.</summary>
public abstract record ImageFields
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("tags")] public required string[] Tags { get; init; }
    /// <summary>The owning client, null for an image of another tenant (or of no client).</summary>
    [JsonPropertyName("client")] public required ImageClient? Client { get; init; }
    /// <summary>Every other property Glance holds, as Glance sent it.</summary>
    [JsonPropertyName("properties")] public required Dictionary<string, JsonElement> Properties { get; init; }
    [JsonPropertyName("is_iso")] public required bool IsIso { get; init; }
    /// <summary>The name, prefixed "[ISO] " for ISO images.</summary>
    [JsonPropertyName("display_name")] public required string? DisplayName { get; init; }
    /// <summary>When the owning client's cleanup policy removes it; null when no policy covers it.</summary>
    [JsonPropertyName("cleanup_date")] public required DateTime? CleanupDate { get; init; }
    /// <summary>The instance it was made from, when that instance is the caller's.</summary>
    [JsonPropertyName("related_instance")] public required RelatedInstance? RelatedInstance { get; init; }
    [JsonPropertyName("name")] public required string? Name { get; init; }
    /// <summary>template, snapshot, backup, application, …</summary>
    [JsonPropertyName("type")] public required string Type { get; init; }
    /// <summary>Glance's status: queued, saving, active, deactivated, killed, deleted, pending_delete, importing, …</summary>
    [JsonPropertyName("status")] public required string? Status { get; init; }
    /// <summary>Bytes; null before the data arrived.</summary>
    [JsonPropertyName("size")] public required long? Size { get; init; }
    [JsonPropertyName("created_at")] public required DateTime? CreatedAt { get; init; }
    [JsonPropertyName("updated_at")] public required DateTime? UpdatedAt { get; init; }
    [JsonPropertyName("deleted_at")] public required DateTime? DeletedAt { get; init; }
    [JsonPropertyName("os_distro")] public required string? OsDistro { get; init; }
    [JsonPropertyName("hypervisor_type")] public required string? HypervisorType { get; init; }
    [JsonPropertyName("os_version")] public required string? OsVersion { get; init; }
    [JsonPropertyName("architecture")] public required string? Architecture { get; init; }
    /// <summary>GB.</summary>
    [JsonPropertyName("min_disk")] public required int MinDisk { get; init; }
    /// <summary>MB.</summary>
    [JsonPropertyName("min_ram")] public required int MinRam { get; init; }
    [JsonPropertyName("protected")] public required bool Protected { get; init; }
    /// <summary>private, shared, public or community.</summary>
    [JsonPropertyName("visibility")] public required string? Visibility { get; init; }
    [JsonPropertyName("container_format")] public required string? ContainerFormat { get; init; }
    [JsonPropertyName("disk_format")] public required string? DiskFormat { get; init; }
    [JsonPropertyName("hw_qemu_guest_agent")] public required bool HwQemuGuestAgent { get; init; }
    [JsonPropertyName("instance_uuid")] public required string? InstanceUuid { get; init; }
    [JsonPropertyName("volume_snapshot_uuid")] public required string? VolumeSnapshotUuid { get; init; }
    [JsonPropertyName("region")] public required string Region { get; init; }
    /// <summary>The reseller the image is attributed to.</summary>
    [JsonPropertyName("reseller_resources")] public required long? ResellerResources { get; init; }
    [JsonPropertyName("used_by_resellers")] public required long[] UsedByResellers { get; init; }
}

/// <summary>An image as end users see it.</summary>
public sealed record EndUserImage : ImageFields
{
    /// <summary>Whether the caller can boot it: no flavor assignment, or one assigned flavor its projects may use.</summary>
    [JsonPropertyName("assigned_to_flavor")] public required bool AssignedToFlavor { get; init; }
}

/// <summary>An image as resellers see it: the end user's fields plus the Glance owner and virtual size.</summary>
public sealed record ResellerImage : ImageFields
{
    /// <summary>Whether the caller can boot it: no flavor assignment, or one assigned flavor its projects may use.</summary>
    [JsonPropertyName("assigned_to_flavor")] public required bool AssignedToFlavor { get; init; }
    /// <summary>The Glance project that owns it.</summary>
    [JsonPropertyName("owner")] public required string? Owner { get; init; }
    [JsonPropertyName("virtual_size")] public required long? VirtualSize { get; init; }
}

/// <summary>An image as staff see it: whether any flavor is assigned, the Glance owner and virtual size.</summary>
public sealed record StaffImage : ImageFields
{
    [JsonPropertyName("has_flavors_assigned")] public required bool HasFlavorsAssigned { get; init; }
    /// <summary>The Glance project that owns it.</summary>
    [JsonPropertyName("owner")] public required string? Owner { get; init; }
    [JsonPropertyName("virtual_size")] public required long? VirtualSize { get; init; }
}

public sealed record ImageClient(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("display")] string Display);

public sealed record RelatedInstance(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name);

/// <summary>The caller's images.* flags: what the list shows is what the actions allow.</summary>
public sealed record PermissionFlags(
    [property: JsonPropertyName("images.list")] bool List,
    [property: JsonPropertyName("images.retrieve")] bool Retrieve,
    [property: JsonPropertyName("images.create")] bool Create,
    [property: JsonPropertyName("images.destroy")] bool Destroy,
    [property: JsonPropertyName("images.download")] bool Download,
    [property: JsonPropertyName("images.update")] bool Update,
    [property: JsonPropertyName("images.deactivate")] bool Deactivate,
    [property: JsonPropertyName("images.reactivate")] bool Reactivate);

/// <summary>One page of a list: count, links to the neighbouring pages (null at the ends), the objects.</summary>
public record ListPage<T>(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("next")] string? Next,
    [property: JsonPropertyName("previous")] string? Previous,
    [property: JsonPropertyName("objects")] T[] Objects,
    [property: JsonPropertyName("totalCount")] int TotalCount,
    [property: JsonPropertyName("pageNo")] int PageNo);

public sealed record FilterOption(
    [property: JsonPropertyName("display")] string Display,
    [property: JsonPropertyName("value")] string Value);

public sealed record FilterOptions(
    [property: JsonPropertyName("status")] FilterOption[] Status,
    [property: JsonPropertyName("hypervisor_type")] FilterOption[] HypervisorType,
    [property: JsonPropertyName("visibility")] FilterOption[] Visibility);

/// <summary>The end users' list.</summary>
public sealed record EndUserImageList(int Count, string? Next, string? Previous, EndUserImage[] Objects, int TotalCount, int PageNo,
    [property: JsonPropertyName("permissions")] PermissionFlags Permissions,
    [property: JsonPropertyName("filter_options")] FilterOptions FilterOptions)
    : ListPage<EndUserImage>(Count, Next, Previous, Objects, TotalCount, PageNo);

/// <summary>The resellers' list.</summary>
public sealed record ResellerImageList(int Count, string? Next, string? Previous, ResellerImage[] Objects, int TotalCount, int PageNo,
    [property: JsonPropertyName("permissions")] PermissionFlags Permissions,
    [property: JsonPropertyName("filter_options")] FilterOptions FilterOptions)
    : ListPage<ResellerImage>(Count, Next, Previous, Objects, TotalCount, PageNo);

/// <summary>The staff list.</summary>
public sealed record StaffImageList(int Count, string? Next, string? Previous, StaffImage[] Objects, int TotalCount, int PageNo,
    [property: JsonPropertyName("permissions")] PermissionFlags Permissions,
    [property: JsonPropertyName("filter_options")] FilterOptions FilterOptions)
    : ListPage<StaffImage>(Count, Next, Previous, Objects, TotalCount, PageNo);

/// <summary>Marks the one field of a response record that may be absent (rather than null).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class OptionalFieldAttribute : Attribute;

/// <summary>The counts of one field's values in a view, most first.</summary>
/// <param name="More">True when the field has more than 50 values in the view and the rarest are left out.</param>
public sealed record FacetCounts(
    [property: JsonPropertyName("facet")] string Facet,
    [property: JsonPropertyName("values")] FacetValue[] Values,
    [property: JsonPropertyName("more")] bool More);

public sealed record FacetValue(
    [property: JsonPropertyName("value")] string? Value,
    [property: JsonPropertyName("count")] int Count);
