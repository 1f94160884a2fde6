using System.ComponentModel.DataAnnotations;

namespace PanelImages.Nova;

public sealed class NovaOptions
{
    public const string Section = "Nova";

    /// <summary>Syncs instances and flavors from every compute endpoint of the catalog.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Servers/flavors per Nova list request (Nova caps it at [api] max_limit, 1000 by default).</summary>
    [Range(1, 1000)] public int PageSize { get; set; } = 1000;
    /// <summary>Seconds between incremental instance runs (changes-since) and project/flavor refreshes.</summary>
    [Range(1, 86400)] public int IncrementalSeconds { get; set; } = 10;
    /// <summary>Minutes between full runs (which find deleted servers Nova has purged, and re-read every flavor).</summary>
    [Range(1, 10080)] public int FullMinutes { get; set; } = 15;
    /// <summary>Region id → compute URL, replacing the catalog's.</summary>
    public Dictionary<string, string> EndpointOverrides { get; set; } = new();
}
