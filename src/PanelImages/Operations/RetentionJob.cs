using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Catalog;
using PanelImages.Notifications;
using PanelImages.Sync;
using PanelImages.Telemetry;

namespace PanelImages.Operations;

public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Activity log entries older than this are removed; 0 keeps them for ever.</summary>
    [Range(0, 36_500)] public int ActivityLogDays { get; set; } = 365;
    /// <summary>Minutes between runs.</summary>
    [Range(1, 10_080)] public int IntervalMinutes { get; set; } = 30;
    /// <summary>Rows removed per statement: short transactions, no long lock on a busy table.</summary>
    [Range(1, 100_000)] public int BatchSize { get; set; } = 5_000;
    /// <summary>Statements per table and run: a run is bounded in time; a backlog is worked off over several runs.</summary>
    [Range(1, 10_000)] public int MaxBatchesPerRun { get; set; } = 100;
}

/// <summary>
/// Removes expired activity log entries (Retention:ActivityLogDays) and notification inbox entries
/// (Notifications:InboxRetentionHours) in bounded batches, on the instance that holds the lead only.
/// </summary>
public sealed class RetentionJob(
    IServiceScopeFactory scopes, SyncLeadership leadership, IOptions<RetentionOptions> options,
    IOptions<NotificationOptions> notifications, ILogger<RetentionJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.IntervalMinutes));
        do
        {
            try
            {
                if (await leadership.TryLeadAsync(stoppingToken)) await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { logger.LogWarning("Retention run failed: {Error}", e.Message); }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    /// <summary>One run; returns the rows removed per table.</summary>
    public async Task<(long ActivityLog, long Inbox)> RunOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        long audit = 0;
        if (o.ActivityLogDays > 0)
        {
            var before = DateTime.UtcNow.AddDays(-o.ActivityLogDays);
            audit = await DeleteInBatchesAsync(db => db.AuditLog.Where(e => e.At < before).OrderBy(e => e.Id).Take(o.BatchSize), ct);
            PanelMetrics.CleanedUp("activity_log", audit);
        }
        var inboxBefore = DateTime.UtcNow.AddHours(-notifications.Value.InboxRetentionHours);
        var inbox = await DeleteInBatchesAsync(db => db.NotificationInbox.Where(e => e.ProcessedAt < inboxBefore)
            .OrderBy(e => e.ProcessedAt).Take(o.BatchSize), ct);
        PanelMetrics.CleanedUp("notification_inbox", inbox);
        if (audit + inbox > 0)
            logger.LogInformation("Retention: removed {Audit} activity log and {Inbox} notification inbox entries", audit, inbox);
        return (audit, inbox);
    }

    private async Task<long> DeleteInBatchesAsync<T>(Func<CatalogDb, IQueryable<T>> batch, CancellationToken ct)
    {
        long total = 0;
        for (var i = 0; i < options.Value.MaxBatchesPerRun; i++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var removed = await batch(scope.ServiceProvider.GetRequiredService<CatalogDb>()).ExecuteDeleteAsync(ct);
            total += removed;
            if (removed < options.Value.BatchSize) break;
        }
        return total;
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try { return await timer.WaitForNextTickAsync(ct); }
        catch (OperationCanceledException) { return false; }
    }
}
