namespace PanelImages.Catalog;

// Plain entities; their mapping lives in CatalogConfigurations.cs.

public sealed class Region
{
    public required string Id { get; set; }
    public string Description { get; set; } = "";
    public bool Enabled { get; set; } = true;
}

public sealed class Client
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int? ResellerId { get; set; }
    public bool CleanupEnabled { get; set; }
    public int CleanupDays { get; set; } = 14;
    /// <summary>Image types (template, snapshot, backup…) the cleanup policy covers.</summary>
    public List<string> CleanupImageTypes { get; set; } = [];
    /// <summary>
    /// True: the client follows the global default policy (Cleanup:Default), copied into the three fields above at
    /// start and whenever it changes, so every reader sees the effective policy. False: the client's own policy.
    /// </summary>
    public bool CleanupFollowsDefault { get; set; }

    public string Display => $"{Name} #{Id}";
}

/// <summary>An OpenStack (Keystone) project and the client that owns it.</summary>
public sealed class Project
{
    public required string Id { get; set; }
    public int ClientId { get; set; }
    public string? Region { get; set; }
    public string? Name { get; set; }
    /// <summary>How the mapping was made: <c>manual</c> (projects map; never changed by a rule) or the rule that made it.</summary>
    public string MappedBy { get; set; } = "manual";
}

/// <summary>An instance known to the panel, for an image's <c>related_instance</c>.</summary>
public sealed class Instance
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string ProjectId { get; set; }
    public string? Region { get; set; }
    public string? Status { get; set; }
    /// <summary>The image the instance was booted from (Nova's <c>image.id</c>); null when booted from a volume.</summary>
    public string? ImageId { get; set; }
    public string? FlavorId { get; set; }
    public DateTime? CreatedAt { get; set; }
    /// <summary>Nova's <c>updated</c>.</summary>
    public DateTime? UpdatedAt { get; set; }
    /// <summary>When the Nova sync last wrote this row; null for an instance added by hand (instances add).</summary>
    public DateTime? SyncedAt { get; set; }
}

public enum Audience { EndUser, Staff, Reseller }

public sealed class User
{
    public int Id { get; set; }
    public required string Username { get; set; }
    public Audience Audience { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
}

/// <summary>An end user's membership of a client.</summary>
public sealed class ClientUser
{
    public int ClientId { get; set; }
    public int UserId { get; set; }
}

public sealed class ApiToken
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public User? User { get; set; }
    /// <summary>SHA-256 of the key, hex; the key itself is shown once and never stored.</summary>
    public required string KeyHash { get; set; }
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

public sealed class PermissionGrant
{
    public int UserId { get; set; }
    public required string Name { get; set; }
    public bool Granted { get; set; }
}

public sealed class Image
{
    public required string Region { get; set; }
    public required string Id { get; set; }
    public string? Name { get; set; }
    public string Type { get; set; } = "template";
    public string? Status { get; set; }
    public string? Visibility { get; set; }
    public string? ContainerFormat { get; set; }
    public string? DiskFormat { get; set; }
    public long? Size { get; set; }
    public long? VirtualSize { get; set; }
    public DateTime? CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
    public string? OsDistro { get; set; }
    public string? OsVersion { get; set; }
    public string? Architecture { get; set; }
    public string? HypervisorType { get; set; }
    public int MinDisk { get; set; }
    public int MinRam { get; set; }
    public bool Protected { get; set; }
    public bool HwQemuGuestAgent { get; set; }
    public string? InstanceUuid { get; set; }
    public string? VolumeSnapshotUuid { get; set; }
    /// <summary>Glance's <c>owner</c>: the project id.</summary>
    public string? Owner { get; set; }
    /// <summary>Client of the owner project, resolved when the row is written or a project is (re)mapped.</summary>
    public int? ClientId { get; set; }
    public int? ResellerResources { get; set; }
    /// <summary>Resellers whose clients run instances booted from this image (written by the Nova sync).</summary>
    public List<int> UsedByResellers { get; set; } = [];
    /// <summary>Flavors staff assigned this image to (ids in the image's region); empty = no restriction.</summary>
    public List<string> FlavorIds { get; set; } = [];
    public List<string> Tags { get; set; } = [];
    /// <summary>The remaining Glance properties as a JSON object, kept in the order they came.</summary>
    public string PropertiesJson { get; set; } = "{}";
    /// <summary>When this row last took a change from Glance (sync or notification); older changes are ignored.</summary>
    public DateTime? SyncedAt { get; set; }

    public List<ImageMember> Members { get; set; } = [];
}

public static class MemberStatus
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public static readonly string[] All = [Pending, Accepted, Rejected];
}

public sealed class ImageMember
{
    public required string Region { get; set; }
    public required string ImageId { get; set; }
    public required string ProjectId { get; set; }
    public string Status { get; set; } = MemberStatus.Pending;
    public DateTime? CreatedAt { get; set; }
    public DateTime? UpdatedAt { get; set; }
}
