using System.ComponentModel.DataAnnotations;

namespace PanelImages.Cleanup;

public sealed class CleanupOptions
{
    public const string Section = "Cleanup";

    /// <summary>Runs the cleanup job (on the sync leader) when OpenStack is configured.</summary>
    public bool Enabled { get; set; } = true;
    [Range(1, 10080)] public int IntervalMinutes { get; set; } = 60;
    /// <summary>Images deleted per batch; the next batch is planned again from the catalogue.</summary>
    [Range(1, 1000)] public int BatchSize { get; set; } = 50;
    /// <summary>At most this many deletions per run; the rest wait for the next run.</summary>
    [Range(1, 100_000)] public int MaxPerRun { get; set; } = 500;
    /// <summary>The policy of clients that follow the default (clients cleanup N --default true).</summary>
    public DefaultPolicy Default { get; set; } = new();

    public sealed class DefaultPolicy
    {
        public bool Enabled { get; set; }
        [Range(1, 36500)] public int Days { get; set; } = 30;
        public List<string> Types { get; set; } = ["snapshot", "backup"];
    }
}
