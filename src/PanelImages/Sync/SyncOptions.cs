using System.ComponentModel.DataAnnotations;

namespace PanelImages.Sync;

public sealed class SyncOptions
{
    public const string Section = "Sync";

    /// <summary>Runs the background sync when OpenStack is configured.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Seconds between incremental runs (Glance's updated_at filter).</summary>
    [Range(1, 86400)] public int IncrementalSeconds { get; set; } = 10;
    /// <summary>Minutes between full runs, which also find deletions.</summary>
    [Range(1, 10080)] public int FullMinutes { get; set; } = 15;
    /// <summary>
    /// Seconds between re-reads of the members of every shared image. Glance does not touch an image's updated_at when
    /// a member is added or accepts, so an incremental run cannot see it; 0 = on every incremental run. It costs one
    /// Glance call per shared image (Glance's default visibility), hence minutes, not seconds, by default.
    /// </summary>
    [Range(0, 86400)] public int MembersSeconds { get; set; } = 300;
}

public enum SyncKind { Full, Incremental }

public sealed record SyncProgress(string Region, SyncKind Kind, int ImagesRead, TimeSpan Elapsed, bool Done)
{
    public double ImagesPerSecond => Elapsed.TotalSeconds > 0 ? ImagesRead / Elapsed.TotalSeconds : 0;
}

public sealed record RegionSyncResult(string Region, SyncKind Kind, int Seen, int Created, int Updated, int Deleted, TimeSpan Duration, string? Error)
{
    public bool Ok => Error is null;
}
