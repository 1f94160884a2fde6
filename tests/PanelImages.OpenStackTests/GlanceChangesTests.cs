using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PanelImages.OpenStackTests.Infrastructure;
using PanelImages.Sync;

namespace PanelImages.OpenStackTests;

/// <summary>Changes made in the real Glance, through its API, reach the panel's list API after a sync.</summary>
public sealed class GlanceChangesTests : IAsyncLifetime
{
    private readonly SyncedPanel _panel = new();
    private readonly string _prefix = Cloud.UniquePrefix("chg");
    private readonly List<string> _created = [];
    private Cloud Cloud => _panel.Cloud;

    public async Task InitializeAsync()
    {
        await _panel.StartAsync();
        await _panel.SyncOkAsync(SyncKind.Full);
    }

    public async Task DisposeAsync()
    {
        await Cloud.Admin.DeleteManyAsync(_created);
        await _panel.DisposeAsync();
    }

    private async Task<string> CreateAsync(Cloud.Session who, JsonObject attributes)
    {
        var image = await who.CreateImageAsync(attributes);
        var id = image.GetProperty("id").GetString()!;
        _created.Add(id);
        return id;
    }

    [Fact]
    public async Task Created_image_appears_for_its_client_with_region_type_and_promoted_fields_after_an_incremental_sync()
    {
        var name = $"{_prefix}-create";
        var longVersion = "22.04.3-LTS-with-a-very-long-version-string";
        var id = await CreateAsync(Cloud.Demo1, new JsonObject
        {
            ["name"] = name, ["disk_format"] = "vhdx", ["container_format"] = "bare", ["tags"] = new JsonArray("alpha", "beta"),
            ["os_distro"] = "ubuntu", ["os_version"] = longVersion, ["architecture"] = "x86_64", ["hypervisor_type"] = "qemu",
            ["instance_uuid"] = "0b4f6a5e-1111-2222-3333-444455556666", ["image_type"] = "snapshot", ["hw_qemu_guest_agent"] = "YES",
            ["block_device_mapping"] = """[{"snapshot_id": "snap-42", "boot_index": 0}]""", ["custom_key"] = "custom value",
        });

        var result = await _panel.SyncOkAsync(SyncKind.Incremental);
        Assert.Equal(SyncKind.Incremental, result.Kind);
        Assert.True(result.Created >= 1);

        var image = Assert.Single(await _panel.ListAsync(SyncedPanel.Alice, name));
        Assert.Equal(id, (string?)image["id"]);
        Assert.Equal("RegionOne", (string?)image["region"]);
        Assert.Equal(SyncedPanel.ClientDemo1, (int?)image["client"]?["id"]);
        Assert.Equal("snapshot", (string?)image["type"]);
        Assert.Equal("queued", (string?)image["status"]);
        Assert.Equal("vhdx", (string?)image["disk_format"]);
        Assert.Equal("shared", (string?)image["visibility"]);
        Assert.Equal("ubuntu", (string?)image["os_distro"]);
        Assert.Equal(longVersion, (string?)image["os_version"]);
        Assert.Equal("x86_64", (string?)image["architecture"]);
        Assert.Equal("qemu", (string?)image["hypervisor_type"]);
        Assert.Equal("0b4f6a5e-1111-2222-3333-444455556666", (string?)image["instance_uuid"]);
        Assert.Equal("snap-42", (string?)image["volume_snapshot_uuid"]);
        Assert.True((bool?)image["hw_qemu_guest_agent"]);
        Assert.Equal(["alpha", "beta"], image["tags"]!.AsArray().Select(t => (string)t!).Order());
        var properties = image["properties"]!.AsObject();
        Assert.Equal("custom value", (string?)properties["custom_key"]);
        Assert.Equal("snapshot", (string?)properties["image_type"]);
        Assert.Equal("YES", (string?)properties["hw_qemu_guest_agent"]);
        Assert.False(properties.ContainsKey("os_distro"));
        Assert.False(properties.ContainsKey("architecture"));
        Assert.False(properties.ContainsKey("volume_snapshot_uuid"));

        // Bob's client owns demo2: another tenant's shared image without membership is not his.
        Assert.Empty(await _panel.ListAsync(SyncedPanel.Bob, name));
    }

    [Fact]
    public async Task Rename_and_property_changes_arrive_with_the_next_incremental_sync()
    {
        var id = await CreateAsync(Cloud.Demo1, new JsonObject { ["name"] = $"{_prefix}-before", ["hw_qemu_guest_agent"] = "no", ["os_distro"] = "debian" });
        await _panel.SyncOkAsync(SyncKind.Incremental);
        Assert.False((bool?)Assert.Single(await _panel.ListAsync(SyncedPanel.Alice, $"{_prefix}-before"))["hw_qemu_guest_agent"]);

        await Cloud.Demo1.PatchAsync(id, ("replace", "/name", $"{_prefix}-after"), ("add", "/hw_qemu_guest_agent", "True"),
            ("remove", "/os_distro", null), ("add", "/image_type", "backup"), ("add", "/ploop_flag", "on"));
        var result = await _panel.SyncOkAsync(SyncKind.Incremental);
        Assert.True(result.Updated >= 1);

        Assert.Empty(await _panel.ListAsync(SyncedPanel.Alice, $"{_prefix}-before"));
        var image = Assert.Single(await _panel.ListAsync(SyncedPanel.Alice, $"{_prefix}-after"));
        Assert.Equal(id, (string?)image["id"]);
        Assert.True((bool?)image["hw_qemu_guest_agent"]);
        Assert.Null((string?)image["os_distro"]);
        Assert.Equal("backup", (string?)image["type"]);
        Assert.Equal("on", (string?)image["properties"]!["ploop_flag"]);
    }

    [Fact]
    public async Task Sharing_and_acceptance_reach_the_member_project_client()
    {
        var name = $"{_prefix}-shared";
        var id = await CreateAsync(Cloud.Demo1, new JsonObject { ["name"] = name, ["visibility"] = "shared" });
        await _panel.SyncOkAsync(SyncKind.Incremental);
        Assert.Empty(await _panel.ListAsync(SyncedPanel.Bob, name));

        await Cloud.Demo1.AddMemberAsync(id, Cloud.Demo2.ProjectId);
        await Cloud.Demo2.SetMemberStatusAsync(id, Cloud.Demo2.ProjectId, "accepted");
        // Glance leaves the image's updated_at alone when members change: the incremental run re-reads members.
        await _panel.SyncOkAsync(SyncKind.Incremental);

        var seenByBob = Assert.Single(await _panel.ListAsync(SyncedPanel.Bob, name));
        Assert.Equal(id, (string?)seenByBob["id"]);
        Assert.Null(seenByBob["client"]); // another tenant's client is never shown
        var member = await _panel.WithDbAsync(db => db.ImageMembers.SingleAsync(m => m.ImageId == id));
        Assert.Equal(("RegionOne", Cloud.Demo2.ProjectId, "accepted"), (member.Region, member.ProjectId, member.Status));

        await Cloud.Demo2.SetMemberStatusAsync(id, Cloud.Demo2.ProjectId, "rejected");
        await _panel.SyncOkAsync(SyncKind.Incremental);
        Assert.Empty(await _panel.ListAsync(SyncedPanel.Bob, name));
    }

    [Fact]
    public async Task Visibility_change_and_deactivation_arrive_with_the_next_incremental_sync()
    {
        var name = $"{_prefix}-vis";
        var id = await CreateAsync(Cloud.Admin, new JsonObject { ["name"] = name, ["disk_format"] = "raw", ["container_format"] = "bare", ["visibility"] = "private" });
        await Cloud.Admin.UploadAsync(id, new byte[1024]);
        await _panel.SyncOkAsync(SyncKind.Incremental);
        Assert.Equal("private", (string?)(await _panel.StaffRetrieveAsync(id))!["visibility"]);

        await Cloud.Admin.PatchAsync(id, ("replace", "/visibility", "public"));
        await Cloud.Admin.DeactivateAsync(id);
        await _panel.SyncOkAsync(SyncKind.Incremental);

        var image = (await _panel.StaffRetrieveAsync(id))!;
        Assert.Equal("public", (string?)image["visibility"]);
        Assert.Equal("deactivated", (string?)image["status"]);
        Assert.Equal(Cloud.Admin.ProjectId, (string?)image["owner"]);
    }

    [Fact]
    public async Task Deleted_image_is_tombstoned_by_the_full_sync_and_hidden_from_end_users()
    {
        var name = $"{_prefix}-del";
        var id = await CreateAsync(Cloud.Demo1, new JsonObject { ["name"] = name });
        await _panel.SyncOkAsync(SyncKind.Incremental);
        Assert.Single(await _panel.ListAsync(SyncedPanel.Alice, name));

        await Cloud.Demo1.DeleteImageAsync(id);
        await _panel.SyncOkAsync(SyncKind.Incremental);
        Assert.Single(await _panel.ListAsync(SyncedPanel.Alice, name)); // Glance lists no deletions: only a full sync finds them

        var full = await _panel.SyncOkAsync(SyncKind.Full);
        Assert.True(full.Deleted >= 1);
        Assert.Empty(await _panel.ListAsync(SyncedPanel.Alice, name));
        var tombstone = (await _panel.StaffRetrieveAsync(id))!;
        Assert.Equal("deleted", (string?)tombstone["status"]);
        Assert.NotNull((string?)tombstone["deleted_at"]);

        // Neither the next incremental nor the next full sync brings it back.
        await _panel.SyncOkAsync(SyncKind.Incremental);
        await _panel.SyncOkAsync(SyncKind.Full);
        Assert.Equal("deleted", (string?)(await _panel.StaffRetrieveAsync(id))!["status"]);
    }

    [Fact]
    public async Task A_tombstone_newer_than_the_glance_update_is_not_resurrected_but_a_later_change_is_taken()
    {
        var name = $"{_prefix}-tomb";
        var id = await CreateAsync(Cloud.Demo1, new JsonObject { ["name"] = name });
        await _panel.SyncOkAsync(SyncKind.Incremental);
        // As if a deletion newer than Glance's last update had been recorded (e.g. an image.delete event that
        // overtook the listing): the listing's older view must not undo it.
        var deletedAt = DateTime.UtcNow.AddMinutes(5);
        await _panel.WithDbAsync(db => db.Images.Where(i => i.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, "deleted").SetProperty(i => i.DeletedAt, deletedAt)));

        await _panel.SyncOkAsync(SyncKind.Full);
        await _panel.SyncOkAsync(SyncKind.Incremental);
        Assert.Equal("deleted", (string?)(await _panel.StaffRetrieveAsync(id))!["status"]);
        Assert.Empty(await _panel.ListAsync(SyncedPanel.Alice, name));

        // An older deletion time: Glance's image was changed after it, so Glance is right and the image comes back.
        await _panel.WithDbAsync(db => db.Images.Where(i => i.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.DeletedAt, DateTime.UtcNow.AddHours(-1))));
        await _panel.SyncOkAsync(SyncKind.Full);
        var back = Assert.Single(await _panel.ListAsync(SyncedPanel.Alice, name));
        Assert.Equal("queued", (string?)back["status"]);
        Assert.Null((string?)back["deleted_at"]);
    }

    [Fact]
    public async Task Hidden_images_are_synced_and_not_tombstoned()
    {
        var name = $"{_prefix}-hidden";
        var id = await CreateAsync(Cloud.Demo1, new JsonObject { ["name"] = name, ["os_hidden"] = true });
        await _panel.SyncOkAsync(SyncKind.Incremental);
        await _panel.SyncOkAsync(SyncKind.Full);
        var image = Assert.Single(await _panel.ListAsync(SyncedPanel.Alice, name));
        Assert.Equal(id, (string?)image["id"]);
        Assert.Equal("queued", (string?)image["status"]);
    }

    [Fact]
    public async Task Sync_status_shows_each_region_with_its_last_runs_for_staff_only()
    {
        await _panel.SyncOkAsync(SyncKind.Incremental);
        var (status, body) = await _panel.GetAsync(SyncedPanel.Staff, "/backend/staffapi/openstack/sync");
        Assert.Equal(200, status);
        Assert.True((bool?)body!["configured"]);
        var region = Assert.Single(body["regions"]!.AsArray(), r => (string?)r!["region"] == "RegionOne")!;
        Assert.True((bool?)region["ok"]);
        Assert.Equal(Cloud.GlanceUrl, (string?)region["endpoint"]);
        Assert.NotNull(region["last_full_sync"]?["at"]);
        Assert.True((int?)region["last_full_sync"]!["seen"] >= 0);
        Assert.NotNull(region["last_incremental_sync"]?["duration_seconds"]);

        Assert.Equal(403, (await _panel.GetAsync(SyncedPanel.Alice, "/backend/staffapi/openstack/sync")).Status);
    }
}
