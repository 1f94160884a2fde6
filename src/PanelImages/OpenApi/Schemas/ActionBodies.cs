using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace PanelImages.OpenApi.Schemas;

// Request bodies are closed too (unknown fields are a 400) but only what the handler demands is required.
// The allowed values of visibility, formats and hypervisor types come from ImageChoices (OpenApiSchemaRules).

/// <summary>A new image (JSON). Without url and file the image stays queued until data is uploaded.</summary>
public record NewImage
{
    [JsonPropertyName("name"), MaxLength(255)] public string? Name { get; init; }
    /// <summary>Required when the cloud has several regions.</summary>
    [JsonPropertyName("region"), MaxLength(64)] public string? Region { get; init; }
    [JsonPropertyName("min_disk"), Range(0, int.MaxValue)] public int? MinDisk { get; init; }
    [JsonPropertyName("min_ram"), Range(0, int.MaxValue)] public int? MinRam { get; init; }
    /// <summary>Default bare.</summary>
    [JsonPropertyName("container_format")] public string? ContainerFormat { get; init; }
    /// <summary>Default qcow2.</summary>
    [JsonPropertyName("disk_format")] public string? DiskFormat { get; init; }
    /// <summary>Default private; public only for staff.</summary>
    [JsonPropertyName("visibility")] public string? Visibility { get; init; }
    [JsonPropertyName("protected")] public bool? Protected { get; init; }
    [JsonPropertyName("architecture"), MaxLength(255)] public string? Architecture { get; init; }
    [JsonPropertyName("os_distro"), MaxLength(255)] public string? OsDistro { get; init; }
    [JsonPropertyName("os_version"), MaxLength(255)] public string? OsVersion { get; init; }
    [JsonPropertyName("hypervisor_type")] public string? HypervisorType { get; init; }
    [JsonPropertyName("tags"), MaxLength(128)] public string[]? Tags { get; init; }
    /// <summary>Import the data through Glance's web-download (http or https); not with a file.</summary>
    [JsonPropertyName("url"), MaxLength(2048)] public string? Url { get; init; }
    /// <summary>Which of the caller's clients owns it (needed when the caller has several).</summary>
    [JsonPropertyName("client"), Range(1, int.MaxValue)] public int? Client { get; init; }
}

/// <summary>A new image created by staff: any owner project and free properties as well.</summary>
public sealed record NewImageByStaff : NewImage
{
    /// <summary>ASCII names and string values; not Glance's own attributes.</summary>
    [JsonPropertyName("properties")] public Dictionary<string, string>? Properties { get; init; }
    /// <summary>The owning Glance project (default: the service's own, or the client's when client is given).</summary>
    [JsonPropertyName("owner"), MaxLength(64)] public string? Owner { get; init; }
}

/// <summary>
/// multipart/form-data create: the fields of the JSON body as form fields first (tags comma-separated,
/// properties as a JSON object), then the data as the last part, streamed to Glance.
/// </summary>
public sealed record NewImageForm
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("region")] public string? Region { get; init; }
    [JsonPropertyName("min_disk")] public int? MinDisk { get; init; }
    [JsonPropertyName("min_ram")] public int? MinRam { get; init; }
    [JsonPropertyName("container_format")] public string? ContainerFormat { get; init; }
    [JsonPropertyName("disk_format")] public string? DiskFormat { get; init; }
    [JsonPropertyName("visibility")] public string? Visibility { get; init; }
    [JsonPropertyName("protected")] public bool? Protected { get; init; }
    [JsonPropertyName("architecture")] public string? Architecture { get; init; }
    [JsonPropertyName("os_distro")] public string? OsDistro { get; init; }
    [JsonPropertyName("os_version")] public string? OsVersion { get; init; }
    [JsonPropertyName("hypervisor_type")] public string? HypervisorType { get; init; }
    /// <summary>Comma-separated.</summary>
    [JsonPropertyName("tags")] public string? Tags { get; init; }
    [JsonPropertyName("client")] public int? Client { get; init; }
    /// <summary>Staff only: a JSON object of string values.</summary>
    [JsonPropertyName("properties")] public string? Properties { get; init; }
    /// <summary>Staff only.</summary>
    [JsonPropertyName("owner")] public string? Owner { get; init; }
    /// <summary>The image data; the last part.</summary>
    [JsonPropertyName("file")] public IFormFile? File { get; init; }
}

/// <summary>The fields to change; only those sent change. A property set to null is removed.</summary>
public record ImageChanges
{
    [JsonPropertyName("name"), MaxLength(255)] public string? Name { get; init; }
    [JsonPropertyName("min_disk"), Range(0, int.MaxValue)] public int? MinDisk { get; init; }
    [JsonPropertyName("min_ram"), Range(0, int.MaxValue)] public int? MinRam { get; init; }
    [JsonPropertyName("visibility")] public string? Visibility { get; init; }
    [JsonPropertyName("protected")] public bool? Protected { get; init; }
    [JsonPropertyName("architecture"), MaxLength(255)] public string? Architecture { get; init; }
    [JsonPropertyName("os_distro"), MaxLength(255)] public string? OsDistro { get; init; }
    [JsonPropertyName("os_version"), MaxLength(255)] public string? OsVersion { get; init; }
    [JsonPropertyName("hypervisor_type")] public string? HypervisorType { get; init; }
    /// <summary>Replaces all tags.</summary>
    [JsonPropertyName("tags"), MaxLength(128)] public string[]? Tags { get; init; }
    /// <summary>ASCII names and string values; null removes the property; not Glance's own attributes.</summary>
    [JsonPropertyName("properties")] public Dictionary<string, string?>? Properties { get; init; }
}

/// <summary>Changes staff may make: also the owner project and whether Glance hides the image.</summary>
public sealed record ImageChangesByStaff : ImageChanges
{
    [JsonPropertyName("owner"), MaxLength(64)] public string? Owner { get; init; }
    [JsonPropertyName("os_hidden")] public bool? OsHidden { get; init; }
}

public sealed record ImportRequest([property: JsonPropertyName("url"), Required, MaxLength(2048)] string Url);

public sealed record NewMember([property: JsonPropertyName("project"), Required, MaxLength(64)] string Project);

public sealed record MemberStatusChange([property: JsonPropertyName("member_status"), Required] string MemberStatus);

/// <summary>A project an image is shared with and its answer: pending, accepted or rejected.</summary>
public sealed record Member(
    [property: JsonPropertyName("project")] string Project,
    [property: JsonPropertyName("status")] string Status);

public sealed record MemberList([property: JsonPropertyName("members")] Member[] Members);

/// <summary>The caller's own membership status.</summary>
public sealed record MemberStatusBody([property: JsonPropertyName("status")] string Status);

/// <summary>What happened, and the image's (or membership's) status afterwards.</summary>
public sealed record StatusChanged(
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("status")] string? Status);

/// <summary>An accepted request whose work goes on elsewhere.</summary>
public sealed record Accepted([property: JsonPropertyName("detail")] string Detail);

public sealed record RegionChoice(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("description")] string Description);

/// <summary>What the create form may offer this caller.</summary>
/// <param name="CleanupDays">The end user's client's retention; null for staff and resellers.</param>
/// <param name="Clients">The clients the image may be created for (the create body's <c>client</c>), by name, at most
/// 1,000: an end user's or reseller's own. Null for staff, who may name any client by id.</param>
public sealed record CreateOptionsBody(
    [property: JsonPropertyName("regions")] RegionChoice[] Regions,
    [property: JsonPropertyName("container_formats")] string[] ContainerFormats,
    [property: JsonPropertyName("disk_formats")] string[] DiskFormats,
    [property: JsonPropertyName("visibilities")] string[] Visibilities,
    [property: JsonPropertyName("os_distros")] FilterOption[] OsDistros,
    [property: JsonPropertyName("hypervisor_types")] string[] HypervisorTypes,
    [property: JsonPropertyName("cleanup_enabled")] bool CleanupEnabled,
    [property: JsonPropertyName("cleanup_days")] int? CleanupDays,
    [property: JsonPropertyName("cleanup_image_types")] string[]? CleanupImageTypes,
    [property: JsonPropertyName("max_upload_bytes")] long MaxUploadBytes,
    [property: JsonPropertyName("clients")] ClientChoice[]? Clients);

public sealed record ClientChoice(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("name")] string Name);
