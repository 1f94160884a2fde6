using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PanelImages.OpenStackTests.Infrastructure;

namespace PanelImages.OpenStackTests.Nova;

/// <summary>Snapshots and backups through the panel: Nova createImage/createBackup, owned by the instance's client.</summary>
public sealed class SnapshotTests(NovaFixture nova) : IClassFixture<NovaFixture>
{
    private const string Alice = SyncedPanel.Alice, Bob = SyncedPanel.Bob, Staff = SyncedPanel.Staff;

    [Fact]
    public async Task OwnerSnapshotsItsInstanceAndTheImageIsListedAtOnceThenBecomesActive()
    {
        var server = await nova.NewServerAsync(nova.Demo1, Cloud.UniquePrefix("nova-vm"));
        await nova.NovaSyncOkAsync(full: true);
        var name = Cloud.UniquePrefix("nova-snap");

        var (status, body) = await nova.PostAsync(Alice, $"/backend/api/openstack/instances/{server}/snapshot", new { name });
        Assert.True(status == 202, $"{status} {body?.ToJsonString()}");
        var id = (string)body!["id"]!;
        nova.Forget(id);
        Assert.Equal("snapshot", (string?)body["type"]);
        Assert.Equal(server, (string?)body["related_instance"]?["id"]);
        Assert.Equal(SyncedPanel.ClientDemo1, (int?)body["client"]?["id"]);
        Assert.Contains(await nova.Panel.ListAsync(Alice, name), o => (string?)o["id"] == id);

        // Glance: the client's project owns it, privately, and the fake hypervisor's upload makes it active.
        await Eventually.WaitAsync(async () =>
            (await nova.Cloud.Admin.SendAsync(HttpMethod.Get, $"/v2/images/{id}")).GetProperty("status").GetString() == "active", "snapshot active");
        var glance = await nova.Cloud.Admin.SendAsync(HttpMethod.Get, $"/v2/images/{id}");
        Assert.Equal(nova.Cloud.Demo1.ProjectId, glance.GetProperty("owner").GetString());
        Assert.Equal("private", glance.GetProperty("visibility").GetString());
        await nova.Panel.SyncOkAsync(PanelImages.Sync.SyncKind.Incremental);
        Assert.Equal("active", (string?)(await nova.RetrieveAsync(Alice, "api", id))!["status"]);

        var audit = await nova.Panel.WithDbAsync(db => db.AuditLog.Where(e => e.ImageId == id && e.Action == "snapshot").ToListAsync());
        Assert.Equal("alice", Assert.Single(audit).Username);
    }

    [Fact]
    public async Task BackupsWithRotationKeepOnlyTheNewestInGlanceAndInTheList()
    {
        var server = await nova.NewServerAsync(nova.Demo1, Cloud.UniquePrefix("nova-vm"));
        await nova.NovaSyncOkAsync(full: true);
        var name = Cloud.UniquePrefix("nova-bk");
        var ids = new List<string>();
        foreach (var n in new[] { 1, 2 })
        {
            var (status, body) = await nova.PostAsync(Alice, $"/backend/api/openstack/instances/{server}/backup",
                new { name = $"{name}-{n}", backup_type = "daily", rotation = 1 });
            Assert.True(status == 202, $"{status} {body?.ToJsonString()}");
            Assert.Equal("backup", (string?)body!["type"]);
            ids.Add((string)body["id"]!);
            nova.Forget(ids[^1]);
            await nova.Demo1.WaitIdleAsync(server); // Nova takes one image action at a time per server
        }
        // Rotation 1: Nova deleted the older backup in Glance; a full sync makes the list agree.
        await Eventually.WaitAsync(async () =>
        {
            var first = await nova.Cloud.Admin.SendAsync(HttpMethod.Get, $"/v2/images/{ids[0]}", ok: [System.Net.HttpStatusCode.NotFound]);
            return first.ValueKind == JsonValueKind.Undefined || first.GetProperty("status").GetString() == "deleted";
        }, "the older backup rotated away");
        await nova.Panel.SyncOkAsync(PanelImages.Sync.SyncKind.Full);
        var listed = await nova.Panel.ListAsync(Alice, name);
        Assert.Equal([ids[1]], listed.Select(o => (string)o["id"]!));
    }

    [Fact]
    public async Task SnapshotAndBackupFollowTheInstanceRulesForEveryAudience()
    {
        var server = await nova.NewServerAsync(nova.Demo1, Cloud.UniquePrefix("nova-vm"));
        await nova.NovaSyncOkAsync(full: true);
        foreach (var action in new[] { "snapshot", "backup" })
        {
            object body = action == "snapshot" ? new { name = "x" } : new { name = "x", backup_type = "daily", rotation = 1 };
            // Not the caller's instance: 404 as if it did not exist (bob; rita sells client 2, not client 1).
            Assert.Equal(404, (await nova.PostAsync(Bob, $"/backend/api/openstack/instances/{server}/{action}", body)).Status);
            Assert.Equal(404, (await nova.PostAsync(NovaFixture.Rita, $"/backend/resellerapi/openstack/instances/{server}/{action}", body)).Status);
            Assert.Equal(404, (await nova.PostAsync(Alice, $"/backend/api/openstack/instances/no-such-{action}/{action}", body)).Status);
            // Visible, flag denied: 403.
            Assert.Equal(403, (await nova.PostAsync(NovaFixture.Limited, $"/backend/api/openstack/instances/{server}/{action}", body)).Status);
            // Malformed bodies: 400 with a detail, before Nova is asked.
            var (status, error) = await nova.PostAsync(Alice, $"/backend/api/openstack/instances/{server}/{action}", new { name = "x", extra = 1 });
            Assert.Equal(400, status);
            Assert.NotNull((string?)error!["detail"]);
        }
        Assert.Equal(400, (await nova.PostAsync(Alice, $"/backend/api/openstack/instances/{server}/backup", new { name = "x", backup_type = "daily" })).Status);
        Assert.Equal(400, (await nova.PostAsync(Alice, $"/backend/api/openstack/instances/{server}/backup", new { name = "x", backup_type = "daily", rotation = -1 })).Status);

        // Staff may snapshot any client's instance; the image still belongs to that client.
        var (staffStatus, staffBody) = await nova.PostAsync(Staff, $"/backend/staffapi/openstack/instances/{server}/snapshot", new { name = Cloud.UniquePrefix("nova-snap") });
        Assert.True(staffStatus == 202, $"{staffStatus} {staffBody?.ToJsonString()}");
        nova.Forget((string)staffBody!["id"]!);
        Assert.Equal(nova.Cloud.Demo1.ProjectId, (string?)staffBody["owner"]);
        Assert.Equal(SyncedPanel.ClientDemo1, (int?)staffBody["client"]?["id"]);
        await nova.Demo1.WaitIdleAsync(server);
    }
}
