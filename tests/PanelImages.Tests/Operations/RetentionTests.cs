using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PanelImages.Audit;
using PanelImages.Notifications;
using PanelImages.Operations;
using PanelImages.Tests.Infrastructure;

namespace PanelImages.Tests.Operations;

/// <summary>The retention job removes what is past its age, in bounded batches, and nothing else.</summary>
public abstract class RetentionTests(DatabaseKind kind)
{
    [Fact]
    public async Task ExpiredActivityLogAndInboxEntriesGoInBoundedBatchesAndRecentOnesStay()
    {
        await using var app = new PanelApp(kind)
        {
            Settings =
            {
                ["Retention:ActivityLogDays"] = "30", ["Retention:BatchSize"] = "3", ["Retention:MaxBatchesPerRun"] = "2",
                ["Retention:IntervalMinutes"] = "10080", ["Notifications:InboxRetentionHours"] = "24",
            },
        };
        var now = DateTime.UtcNow;
        await app.SeedAsync(db =>
        {
            for (var i = 0; i < 10; i++)
            {
                db.AuditLog.Add(Entry(now.AddDays(-31 - i), $"old-{i}"));
                db.NotificationInbox.Add(Inbox(now.AddHours(-25 - i), $"old-{i}"));
            }
            for (var i = 0; i < 4; i++)
            {
                db.AuditLog.Add(Entry(now.AddDays(-29), $"new-{i}"));
                db.NotificationInbox.Add(Inbox(now.AddHours(-23), $"new-{i}"));
            }
            return Task.CompletedTask;
        });
        var job = app.Services.GetRequiredService<RetentionJob>();

        // The job's own first run may already have happened at start: run until the backlog is gone, counting.
        await WaitForStartupRunAsync(app);
        var first = await Remaining(app);
        var run = await job.RunOnceAsync(CancellationToken.None);
        Assert.True(run.ActivityLog <= 6 && run.Inbox <= 6, $"one run removed {run}: more than MaxBatchesPerRun × BatchSize");
        while ((run = await job.RunOnceAsync(CancellationToken.None)) != (0, 0)) { }

        var (audit, inbox) = await Remaining(app);
        Assert.Equal(["new-0", "new-1", "new-2", "new-3"], audit);
        Assert.Equal(["new-0", "new-1", "new-2", "new-3"], inbox);
        Assert.True(first.Audit.Count > 4, "the first run (at start) is bounded too: some old entries were left for later");
    }

    private static async Task WaitForStartupRunAsync(PanelApp app)
    {
        // The background run at start removes at most 6 per table; it is done when the counts stop moving.
        var previous = -1;
        for (var i = 0; i < 50; i++)
        {
            var count = (await Remaining(app)).Audit.Count;
            if (count == previous && count <= 8) return;
            previous = count;
            await Task.Delay(100);
        }
    }

    private static async Task<(List<string> Audit, List<string> Inbox)> Remaining(PanelApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PanelImages.Catalog.CatalogDb>();
        var audit = await db.AuditLog.Select(e => e.ImageId!).OrderBy(x => x).ToListAsync();
        var inbox = await db.NotificationInbox.Select(e => e.MessageId).OrderBy(x => x).ToListAsync();
        return (audit, inbox);
    }

    private static AuditEntry Entry(DateTime at, string image) => new()
    {
        At = at, Username = "alice", Audience = "enduser", Action = "update", Outcome = "success", StatusCode = 200, ImageId = image,
    };

    private static NotificationInboxEntry Inbox(DateTime processedAt, string id) => new()
    {
        Region = "r1", MessageId = id, EventType = "image.update", Outcome = "applied", EventAt = processedAt, ProcessedAt = processedAt,
    };
}

public sealed class RetentionOnSqlite() : RetentionTests(DatabaseKind.Sqlite);
public sealed class RetentionOnPostgres() : RetentionTests(DatabaseKind.Postgres);
