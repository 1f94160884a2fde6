using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PanelImages.Nova;

/// <summary>How the sync of one kind of resource (projects, instances, flavors) in one region went last.</summary>
public sealed class ResourceSyncState
{
    public const string Projects = "projects", Instances = "instances", Flavors = "flavors";
    /// <summary>Keystone projects are global: their row has this region.</summary>
    public const string AllRegions = "*";

    public required string Resource { get; set; }
    public required string Region { get; set; }
    public string? Endpoint { get; set; }
    public DateTime? LastFullAt { get; set; }
    public DateTime? LastIncrementalAt { get; set; }
    public double? LastSeconds { get; set; }
    public int Seen { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Deleted { get; set; }
    /// <summary>Nova's clock: where the next changes-since listing starts.</summary>
    public DateTime? ChangesSince { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public bool LastAttemptOk { get; set; }
    public string? LastError { get; set; }
    public DateTime? LastErrorAt { get; set; }
}

internal sealed class ResourceSyncStateConfiguration : IEntityTypeConfiguration<ResourceSyncState>
{
    public void Configure(EntityTypeBuilder<ResourceSyncState> b)
    {
        b.ToTable("resource_sync_state");
        b.HasKey(s => new { s.Resource, s.Region });
        b.Property(s => s.Resource).HasMaxLength(16);
        b.Property(s => s.Region).HasMaxLength(64);
    }
}
