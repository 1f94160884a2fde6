using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PanelImages.Telemetry;

/// <summary>
/// The service's own instruments, on one <see cref="Meter"/> named <c>PanelImages</c>. Static so that any feature
/// records with one call and no wiring; recording costs next to nothing while no exporter listens.
/// Prometheus names (OpenTelemetry's exporter adds the unit and <c>_total</c>) are listed in README "Operate it".
/// </summary>
public static class PanelMetrics
{
    public const string MeterName = "PanelImages";
    private static readonly Meter Meter = new(MeterName, "1.0");

    private static readonly Histogram<double> ListDuration = Meter.CreateHistogram<double>(
        "panelimages.list.duration", "s", "Image list requests, by audience and response cache outcome (hit, miss).");

    private static readonly Histogram<double> SyncDuration = Meter.CreateHistogram<double>(
        "panelimages.sync.duration", "s", "Sync runs per region and kind (full, incremental), with their outcome.");
    private static readonly Counter<long> SyncImages = Meter.CreateCounter<long>(
        "panelimages.sync.images", "{image}", "Images read from Glance by sync runs, per region and kind.");
    private static readonly Counter<long> SyncErrors = Meter.CreateCounter<long>(
        "panelimages.sync.errors", "{run}", "Failed sync runs, per region and kind.");

    private static readonly Counter<long> NotificationMessages = Meter.CreateCounter<long>(
        "panelimages.notifications.messages", "{message}",
        "Glance notifications processed, per region and outcome (applied, older, duplicate, other, dead_lettered).");
    private static readonly Histogram<double> NotificationLag = Meter.CreateHistogram<double>(
        "panelimages.notifications.lag", "s", "From Glance's event timestamp to its commit in the catalogue, per region.");

    private static readonly Counter<long> CleanupRows = Meter.CreateCounter<long>(
        "panelimages.cleanup.deleted", "{row}", "Rows removed by retention and cleanup jobs, per job (what).");
    private static readonly Counter<long> RateLimitRejections = Meter.CreateCounter<long>(
        "panelimages.ratelimit.rejected", "{request}", "Requests refused with 429, per rate-limit policy.");

    /// <summary>One image list answered; <paramref name="started"/> from <see cref="Stopwatch.GetTimestamp"/>.</summary>
    public static void ListServed(string audience, bool cacheHit, long started)
    {
        if (!ListDuration.Enabled) return;
        ListDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
            new("audience", audience), new("cache", cacheHit ? "hit" : "miss"));
    }

    public static void SyncRan(string region, string kind, TimeSpan duration, long images, bool ok)
    {
        KeyValuePair<string, object?> r = new("region", region), k = new("kind", kind);
        SyncDuration.Record(duration.TotalSeconds, r, k, new("outcome", ok ? "ok" : "error"));
        SyncImages.Add(images, r, k);
        if (!ok) SyncErrors.Add(1, r, k);
    }

    /// <summary>outcome: applied, older, duplicate, other, dead_lettered.</summary>
    public static void NotificationProcessed(string region, string outcome) =>
        NotificationMessages.Add(1, new("region", region), new("outcome", outcome));

    public static void NotificationApplied(string region, DateTime eventAtUtc) =>
        NotificationLag.Record(Math.Max(0, (DateTime.UtcNow - eventAtUtc).TotalSeconds), new KeyValuePair<string, object?>("region", region));

    /// <summary>For any retention or cleanup job: <paramref name="what"/> names the job (activity_log, …).</summary>
    public static void CleanedUp(string what, long rows)
    {
        if (rows > 0) CleanupRows.Add(rows, new KeyValuePair<string, object?>("what", what));
    }

    /// <summary>For the rate limiter's OnRejected: <paramref name="policy"/> names the budget (reads, actions, …).</summary>
    public static void RateLimited(string policy) =>
        RateLimitRejections.Add(1, new KeyValuePair<string, object?>("policy", policy));
}
