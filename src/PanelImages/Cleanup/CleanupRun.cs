using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PanelImages.Cleanup;

/// <summary>One pass of the cleanup job: when, how many images were due, deleted, failed, and the errors.</summary>
public sealed class CleanupRun
{
    public long Id { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int Due { get; set; }
    public int Deleted { get; set; }
    public int AlreadyGone { get; set; }
    public int Failed { get; set; }
    /// <summary>Up to the first few errors, one per line.</summary>
    public string? Errors { get; set; }
}

internal sealed class CleanupRunConfiguration : IEntityTypeConfiguration<CleanupRun>
{
    public void Configure(EntityTypeBuilder<CleanupRun> b)
    {
        b.ToTable("cleanup_runs");
        b.HasIndex(r => r.StartedAt);
    }
}
