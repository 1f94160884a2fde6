using Microsoft.Extensions.Options;
using PanelImages.OpenStack;

namespace PanelImages.Sync;

/// <summary>
/// A full sync at start and every Sync:FullMinutes, incremental runs every Sync:IncrementalSeconds in between — on the
/// one instance that holds the sync lead (<see cref="SyncLeadership"/>).
/// </summary>
public sealed class SyncBackgroundService(
    SyncService sync, SyncLeadership leadership, IOptions<OpenStackOptions> openStack, IOptions<SyncOptions> options,
    ILogger<SyncBackgroundService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!openStack.Value.IsConfigured)
        {
            logger.LogWarning("No OpenStack configured (OpenStack section, OS_CLOUD + clouds.yaml, or OS_AUTH_URL…): sync disabled, the catalogue is served as it is.");
            return;
        }
        if (!o.Enabled)
        {
            logger.LogWarning("OpenStack configured from {Source} but Sync:Enabled is false: no background sync.", openStack.Value.Source);
            return;
        }
        logger.LogInformation("OpenStack sync from {Source}: full every {Full} min, incremental every {Incremental} s.",
            openStack.Value.Source, o.FullMinutes, o.IncrementalSeconds);

        // Let the host finish starting (migrations, first requests) before the first Glance listing.
        await Task.Yield();
        var nextFull = DateTime.UtcNow;
        var nextIncremental = DateTime.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = DateTime.UtcNow;
            try
            {
                if (!await leadership.TryLeadAsync(stoppingToken))
                {
                    // Another instance syncs: check again after one interval, and start with a full run on taking over.
                    nextFull = now.AddSeconds(o.IncrementalSeconds);
                    nextIncremental = nextFull;
                }
                else if (now >= nextFull)
                {
                    nextFull = now.AddMinutes(o.FullMinutes);
                    nextIncremental = now.AddSeconds(o.IncrementalSeconds);
                    await sync.RunAsync(SyncKind.Full, null, stoppingToken);
                }
                else if (now >= nextIncremental)
                {
                    nextIncremental = now.AddSeconds(o.IncrementalSeconds);
                    await sync.RunAsync(SyncKind.Incremental, null, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                // SyncService records failures per region; this is the last guard that keeps the loop alive.
                logger.LogError(e, "OpenStack sync loop error");
            }
            var wait = (nextFull < nextIncremental ? nextFull : nextIncremental) - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
                try { await Task.Delay(wait, stoppingToken); } catch (OperationCanceledException) { break; }
        }
    }
}
