using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Catalog;
using PanelImages.OpenApi;
using PanelImages.OpenStack;

namespace PanelImages.Sync;

public static class SyncApi
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IEndpointRouteBuilder MapSyncApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/backend/staffapi/openstack/sync").RequireAuthorization(nameof(Audience.Staff)).WithTags("OpenStack sync")
            .MapGet("", Status).WithName("StaffOpenStackSyncStatus")
            .WithSummary("Per region: last successful full and incremental sync, duration, images seen/created/updated/deleted, last error.")
            .DescribesSyncStatus();
        return app;
    }

    private static async Task<IResult> Status(CatalogDb db, IOptions<OpenStackOptions> openStack, IOptions<SyncOptions> sync,
        Notifications.NotificationState notifications, SyncLeadership leadership, CancellationToken ct)
    {
        var states = await db.Set<RegionSyncState>().AsNoTracking().OrderBy(s => s.Region).ToListAsync(ct);
        var resources = await db.ResourceSyncStates.AsNoTracking().OrderBy(s => s.Resource).ThenBy(s => s.Region).ToListAsync(ct);
        var o = sync.Value;
        return Results.Json(new
        {
            Configured = openStack.Value.IsConfigured,
            Source = openStack.Value.Source,
            Enabled = o.Enabled && openStack.Value.IsConfigured,
            IncrementalSeconds = o.IncrementalSeconds,
            FullMinutes = o.FullMinutes,
            Instance = leadership.Instance,
            Leader = leadership.IsLeader,
            Regions = states.Select(s => new
            {
                s.Region,
                s.Endpoint,
                Ok = s.LastAttemptOk,
                s.LastAttemptAt,
                LastFullSync = s.LastFullSyncAt is null ? null : new
                {
                    At = s.LastFullSyncAt, DurationSeconds = s.LastFullSyncSeconds,
                    Seen = s.FullSeen, Created = s.FullCreated, Updated = s.FullUpdated, Deleted = s.FullDeleted,
                },
                LastIncrementalSync = s.LastIncrementalSyncAt is null ? null : new
                {
                    At = s.LastIncrementalSyncAt, DurationSeconds = s.LastIncrementalSyncSeconds,
                    Seen = s.IncrementalSeen, Created = s.IncrementalCreated, Updated = s.IncrementalUpdated, Deleted = 0,
                },
                s.LastError,
                s.LastErrorAt,
                s.LastSeenUpdatedAt,
            }),
            Notifications = notifications.Snapshot(),
            // Keystone projects, Nova flavors and instances (Nova/NovaSyncService).
            Resources = resources,
        }, Json);
    }
}
