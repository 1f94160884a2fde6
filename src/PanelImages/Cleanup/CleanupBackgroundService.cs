using Microsoft.Extensions.Options;
using PanelImages.OpenStack;
using PanelImages.Sync;

namespace PanelImages.Cleanup;

/// <summary>Runs the cleanup job every Cleanup:IntervalMinutes on the instance that leads the sync, and nowhere else.</summary>
public sealed class CleanupBackgroundService(CleanupJob job, SyncLeadership leadership, IOptions<CleanupOptions> options,
    IOptions<OpenStackOptions> openStack, TimeProvider time, ILogger<CleanupBackgroundService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || !openStack.Value.IsConfigured) return;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await leadership.TryLeadAsync(stoppingToken)) await job.RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogError(e, "Cleanup run failed"); }
            try { await Task.Delay(TimeSpan.FromMinutes(options.Value.IntervalMinutes), time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }
}
