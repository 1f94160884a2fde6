using Microsoft.Extensions.Options;
using PanelImages.Sync;

namespace PanelImages.Nova;

/// <summary>Projects, flavors and instances: a full run at start and every Nova:FullMinutes, incremental ones between — on the sync leader only.</summary>
public sealed class NovaBackgroundService(NovaSyncService sync, NovaRegions regions, SyncLeadership leadership,
    IOptions<NovaOptions> options, IOptions<SyncOptions> syncOptions, TimeProvider time, ILogger<NovaBackgroundService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!regions.IsConfigured || !syncOptions.Value.Enabled) return;
        await Task.Yield();
        var nextFull = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            try
            {
                if (!await leadership.TryLeadAsync(stoppingToken)) nextFull = now; // take over with a full run
                else
                {
                    var full = now >= nextFull;
                    if (full) nextFull = now.AddMinutes(o.FullMinutes);
                    await sync.RunAsync(full, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e) { logger.LogError(e, "Nova/Keystone sync loop error"); }
            try { await Task.Delay(TimeSpan.FromSeconds(o.IncrementalSeconds), time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }
}
