using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PanelImages.Catalog;
using PanelImages.Notifications;
using PanelImages.OpenStack;
using PanelImages.Sync;

namespace PanelImages.Health;

/// <summary>Unhealthy when the catalogue cannot be reached or lacks a migration this build needs.</summary>
public sealed class CatalogReadyCheck(CatalogDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("The catalogue cannot be reached.");
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
            return pending == 0 ? HealthCheckResult.Healthy("The catalogue is reachable and migrated.")
                : HealthCheckResult.Unhealthy($"The catalogue lacks {pending} migration(s).");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // The exception's text can name hosts and users: it goes to the log, not to an unauthenticated probe.
            return HealthCheckResult.Unhealthy("The catalogue cannot be reached.", e);
        }
    }
}

/// <summary>Degraded when a region's last successful sync is older than Health:SyncMaxAgeMinutes.</summary>
public sealed class SyncFreshnessCheck(
    CatalogDb db, IOptions<OpenStackOptions> openStack, IOptions<SyncOptions> sync, IOptions<HealthOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!openStack.Value.IsConfigured || !sync.Value.Enabled) return HealthCheckResult.Healthy("No background sync configured.");
        var limit = DateTime.UtcNow.AddMinutes(-options.Value.SyncMaxAgeMinutes);
        var regions = await db.Set<RegionSyncState>().AsNoTracking()
            .Select(s => new { s.Region, s.LastFullSyncAt, s.LastIncrementalSyncAt }).ToListAsync(ct);
        if (regions.Count == 0) return HealthCheckResult.Degraded("No region has completed a sync yet.");
        var stale = regions.Where(r => Newest(r.LastFullSyncAt, r.LastIncrementalSyncAt) is not { } at || at < limit)
            .Select(r => r.Region).Order(StringComparer.Ordinal).ToList();
        return stale.Count == 0 ? HealthCheckResult.Healthy("Every region synced recently.")
            : HealthCheckResult.Degraded(
                $"Last successful sync older than {options.Value.SyncMaxAgeMinutes} min in: {string.Join(", ", stale)}.");
    }

    private static DateTime? Newest(DateTime? a, DateTime? b) => a > b || b is null ? a : b;
}

/// <summary>Degraded while a configured region's notification consumer is disconnected from its broker.</summary>
public sealed class NotificationConsumerCheck(NotificationState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!state.Enabled) return Task.FromResult(HealthCheckResult.Healthy("Notifications are off."));
        var down = state.Regions.Where(r => !r.Connected).Select(r => r.Region).ToList();
        return Task.FromResult(down.Count == 0 ? HealthCheckResult.Healthy("Every notification consumer is connected.")
            : HealthCheckResult.Degraded($"Notification consumer disconnected in: {string.Join(", ", down)}."));
    }
}

/// <summary>Unhealthy from SIGTERM on, so that load balancers stop sending while in-flight requests finish.</summary>
public sealed class ShutdownCheck(IHostApplicationLifetime lifetime) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
        Task.FromResult(lifetime.ApplicationStopping.IsCancellationRequested
            ? HealthCheckResult.Unhealthy("Shutting down.") : HealthCheckResult.Healthy("Running."));
}
