using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace PanelImages.OpenApi.Schemas;

// The instances routes (Nova/InstancesApi.cs) write these records themselves, so the document cannot drift from them.

/// <summary>The caller's instances, by name, and whether it may snapshot and back them up.</summary>
/// <param name="Truncated">More instances than the list holds (InstancesApi.MaxListed); region=R narrows.</param>
public sealed record InstanceList(
    [property: JsonPropertyName("objects")] ListedInstance[] Objects,
    [property: JsonPropertyName("truncated")] bool Truncated,
    [property: JsonPropertyName("permissions")] InstanceFlags Permissions);

/// <summary>One Nova instance as the catalogue holds it.</summary>
/// <param name="Region">Null for an instance added by hand (no snapshot or backup possible).</param>
/// <param name="Image">The image it was booted from; null when booted from a volume.</param>
/// <param name="Project">Its Keystone project; null for end users.</param>
public sealed record ListedInstance(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("region")] string? Region,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("image")] string? Image,
    [property: JsonPropertyName("flavor")] string? Flavor,
    [property: JsonPropertyName("project")] string? Project,
    [property: JsonPropertyName("created_at")] DateTime? CreatedAt,
    [property: JsonPropertyName("updated_at")] DateTime? UpdatedAt);

/// <summary>The caller's instances.* flags.</summary>
public sealed record InstanceFlags(
    [property: JsonPropertyName("instances.snapshot")] bool Snapshot,
    [property: JsonPropertyName("instances.backup")] bool Backup);

/// <summary>Nova createImage: the new image's name.</summary>
public sealed record SnapshotRequest([property: JsonPropertyName("name"), Required, MinLength(1), MaxLength(255)] string Name);

/// <summary>Nova createBackup: Nova keeps the newest <c>rotation</c> backups of this type and deletes older ones.</summary>
/// <param name="BackupType">daily, weekly, …</param>
public sealed record BackupRequest(
    [property: JsonPropertyName("name"), Required, MinLength(1), MaxLength(255)] string Name,
    [property: JsonPropertyName("backup_type"), Required, MinLength(1), MaxLength(64)] string BackupType,
    [property: JsonPropertyName("rotation"), Required, Range(0, 1000)] int Rotation);
