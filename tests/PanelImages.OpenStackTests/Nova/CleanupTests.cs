using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PanelImages.Catalog;
using PanelImages.Cleanup;
using PanelImages.OpenStackTests.Infrastructure;

namespace PanelImages.OpenStackTests.Nova;

/// <summary>A clock the test moves forward instead of waiting.</summary>
public sealed class MovableTime : TimeProvider
{
    public TimeSpan Offset { get; set; }
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}

/// <summary>
/// Client 1 (demo1) has its own policy: 14 days for one image type of this test only (so that no other image in the
/// shared Glance is ever due); client 2 (demo2) follows the global default: 30 days for a second such type.
/// </summary>
public sealed class CleanupFixture : NovaFixture
{
    public MovableTime Time { get; } = new();
    public string OwnType { get; } = "ost-own-" + Guid.NewGuid().ToString("N")[..8];
    public string DefaultType { get; } = "ost-default-" + Guid.NewGuid().ToString("N")[..8];

    protected override void Configure(SyncedPanel panel)
    {
        panel.Settings["Cleanup:Enabled"] = "false"; // the test runs the job itself
        panel.Settings["Cleanup:BatchSize"] = "2";
        panel.Settings["Cleanup:Default:Enabled"] = "true";
        panel.Settings["Cleanup:Default:Days"] = "30";
        panel.Settings["Cleanup:Default:Types:0"] = DefaultType;
        panel.TestServices = s => s.AddSingleton<TimeProvider>(Time);
    }
}

public sealed class CleanupTests(CleanupFixture fx) : IClassFixture<CleanupFixture>
{
    [Fact]
    public async Task CleanupDeletesExactlyTheExpiredUnprotectedImagesOfCleanupEnabledClients()
    {
        await fx.Panel.WithDbAsync(async db =>
        {
            var one = await db.Clients.SingleAsync(c => c.Id == SyncedPanel.ClientDemo1);
            (one.CleanupEnabled, one.CleanupDays, one.CleanupImageTypes) = (true, 14, [fx.OwnType]);
            (await db.Clients.SingleAsync(c => c.Id == SyncedPanel.ClientDemo2)).CleanupFollowsDefault = true;
            return await db.SaveChangesAsync();
        });
        JsonObject Typed(string type, bool isProtected = false) => new() { ["image_type"] = type, ["protected"] = isProtected };
        var due = await fx.NewImageAsync(fx.Cloud.Demo1, Typed(fx.OwnType));
        var crashed = await fx.NewImageAsync(fx.Cloud.Demo1, Typed(fx.OwnType));
        var isProtected = await fx.NewImageAsync(fx.Cloud.Demo1, Typed(fx.OwnType, isProtected: true));
        var otherType = await fx.NewImageAsync(fx.Cloud.Demo1, Typed(fx.DefaultType)); // not in client 1's own policy
        var byDefault = await fx.NewImageAsync(fx.Cloud.Demo2, Typed(fx.DefaultType));
        var notInDefault = await fx.NewImageAsync(fx.Cloud.Demo2, Typed(fx.OwnType));
        string[] all = [due, crashed, isProtected, otherType, byDefault, notInDefault];
        try
        {
            await fx.Panel.SyncOkAsync(PanelImages.Sync.SyncKind.Full);
            var job = fx.Panel.Services.GetRequiredService<CleanupJob>();

            Assert.Empty(Mine(await job.RunAsync(default), all, await CandidatesAsync()));
            foreach (var id in all) Assert.True(await ExistsInGlance(id), id);

            // 15 days later client 1's two images are due. One was already deleted in Glance by a run that crashed
            // before it could record it: the next run tombstones and logs it without a second deletion.
            fx.Time.Offset = TimeSpan.FromDays(15);
            Assert.Equal(new[] { due, crashed }.Order(), (await CandidatesAsync()).Where(all.Contains).Order());
            await fx.Cloud.Admin.DeleteImageAsync(crashed);
            var run = await job.RunAsync(default);
            Assert.Equal((1, 1, 0), (run.Deleted, run.AlreadyGone, run.Failed));
            Assert.NotNull(run.FinishedAt);
            Assert.False(await ExistsInGlance(due));
            foreach (var kept in new[] { isProtected, otherType, byDefault, notInDefault }) Assert.True(await ExistsInGlance(kept), kept);
            Assert.Null(await fx.RetrieveAsync(SyncedPanel.Alice, "api", due)); // tombstoned at once

            var audit = await fx.Panel.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(e => e.Username == CleanupJob.Actor).ToListAsync());
            Assert.Equal(new[] { due, crashed }.Order(), audit.Select(e => e.ImageId!).Order());
            Assert.All(audit, e => Assert.Equal(SyncedPanel.ClientDemo1, e.ClientId));

            // Idempotent: nothing of client 1 is left to do.
            Assert.Equal((0, 0), ((await job.RunAsync(default)).Deleted, (await CandidatesAsync()).Count(all.Contains)));

            // 31 days: the global default (30 days, its own type) reaches client 2; protected and uncovered types stay.
            fx.Time.Offset = TimeSpan.FromDays(31);
            var (_, status) = await fx.Panel.GetAsync(SyncedPanel.Staff, "/backend/staffapi/openstack/cleanup");
            var next = status!["next_candidates"]!.AsArray().Where(c => all.Contains((string)c!["id"]!)).ToList();
            Assert.Equal(byDefault, (string?)Assert.Single(next)!["id"]);
            Assert.Contains("default policy", (string?)next[0]!["reason"]);
            Assert.Equal(0, (int)status["last_run"]!["deleted"]!); // the idempotent run before
            Assert.Equal(1, (await job.RunAsync(default)).Deleted);
            Assert.False(await ExistsInGlance(byDefault));
            foreach (var kept in new[] { isProtected, otherType, notInDefault }) Assert.True(await ExistsInGlance(kept), kept);
        }
        finally
        {
            await fx.Cloud.Admin.PatchAsync(isProtected, ("replace", "/protected", false));
        }
    }

    private async Task<List<string>> CandidatesAsync()
    {
        var (status, body) = await fx.Panel.GetAsync(SyncedPanel.Staff, "/backend/staffapi/openstack/cleanup");
        Assert.Equal(200, status);
        return body!["next_candidates"]!.AsArray().Select(c => (string)c!["id"]!).ToList();
    }

    private static List<string> Mine(CleanupRun run, string[] all, List<string> candidates) =>
        run.Deleted + run.AlreadyGone == 0 ? candidates.Where(all.Contains).ToList() : ["the run deleted something"];

    private async Task<bool> ExistsInGlance(string id)
    {
        var image = await fx.Cloud.Admin.SendAsync(HttpMethod.Get, $"/v2/images/{id}", ok: [System.Net.HttpStatusCode.NotFound]);
        return image.ValueKind == JsonValueKind.Object && image.GetProperty("status").GetString() != "deleted";
    }
}
