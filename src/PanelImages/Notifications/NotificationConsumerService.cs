using Microsoft.Extensions.Options;
using PanelImages.OpenStack;
using PanelImages.Sync;

namespace PanelImages.Notifications;

/// <summary>One consumer per configured region, side by side (the inbox is trimmed by Operations/RetentionJob).</summary>
public sealed class NotificationConsumerService(
    IOptions<NotificationOptions> options, NotificationState state, IServiceScopeFactory scopes, IServiceProvider services,
    ILoggerFactory loggers)
    : BackgroundService
{
    private readonly ILogger _logger = loggers.CreateLogger<NotificationConsumerService>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.IsConfigured)
        {
            state.Enabled = false;
            state.DisabledReason = o.Enabled ? "no region configured under Notifications:Regions" : "Notifications:Enabled is false";
            _logger.LogInformation("Glance notifications: off ({Reason}); the catalogue follows Glance through the sync only.", state.DisabledReason);
            return;
        }
        state.Enabled = true;
        // Let the host finish starting (migrations) before the first message is applied.
        await Task.Yield();
        var consumers = o.Regions.Select(r =>
            new RegionConsumer(r, o, state.For(r.Region, r.EffectiveQueue), scopes, CatchUpAsync, loggers.CreateLogger<RegionConsumer>()).RunAsync(stoppingToken));
        await Task.WhenAll(consumers);
    }

    /// <summary>A full sync of the region after a bus outage (when OpenStack is configured and CatchUpAfterOutage is on).</summary>
    private async Task CatchUpAsync(string region, CancellationToken ct)
    {
        var sync = services.GetService<SyncService>();
        var regions = services.GetService<GlanceRegions>();
        if (!options.Value.CatchUpAfterOutage || sync is null || regions is null || !sync.IsConfigured) return;
        try
        {
            var glance = (await regions.DiscoverAsync(ct)).FirstOrDefault(g => g.Region == region);
            if (glance is null) { _logger.LogWarning("Glance notifications: no image endpoint for region {Region} to catch up from", region); return; }
            var result = await sync.RunRegionAsync(glance, SyncKind.Full, null, ct);
            _logger.LogInformation("Glance notifications: catch-up sync of {Region} after the bus outage: {Outcome}", region, result.Ok ? "done" : result.Error);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            _logger.LogWarning("Glance notifications: catch-up sync of {Region} failed: {Error}", region, e.Message);
        }
    }
}
