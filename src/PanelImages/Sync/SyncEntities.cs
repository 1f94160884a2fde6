using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PanelImages.Sync;

/// <summary>How the sync of one region went: the last successful full and incremental runs, and the last failure.</summary>
public sealed class RegionSyncState
{
    public required string Region { get; set; }
    public string? Endpoint { get; set; }

    public DateTime? LastFullSyncAt { get; set; }
    public double? LastFullSyncSeconds { get; set; }
    public int FullSeen { get; set; }
    public int FullCreated { get; set; }
    public int FullUpdated { get; set; }
    public int FullDeleted { get; set; }

    public DateTime? LastIncrementalSyncAt { get; set; }
    public double? LastIncrementalSyncSeconds { get; set; }
    public int IncrementalSeen { get; set; }
    public int IncrementalCreated { get; set; }
    public int IncrementalUpdated { get; set; }

    /// <summary>Newest Glance <c>updated_at</c> read so far (Glance's clock): where the next incremental run starts.</summary>
    public DateTime? LastSeenUpdatedAt { get; set; }
    public DateTime? LastMembersRefreshAt { get; set; }

    public DateTime? LastAttemptAt { get; set; }
    public bool LastAttemptOk { get; set; }
    public string? LastError { get; set; }
    public DateTime? LastErrorAt { get; set; }
}

internal sealed class RegionSyncStateConfiguration : IEntityTypeConfiguration<RegionSyncState>
{
    public void Configure(EntityTypeBuilder<RegionSyncState> b)
    {
        b.ToTable("region_sync_state");
        b.HasKey(s => s.Region);
        b.Property(s => s.Region).HasMaxLength(64);
    }
}
