using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PanelImages.OpenStackTests.Infrastructure;

namespace PanelImages.OpenStackTests.Notifications;

/// <summary>
/// Each kind of change made through the real Glance API reaches the list API through the notification bus alone
/// (the sync is off) within 2 seconds of the Glance call returning.
/// </summary>
public sealed class GlanceEventTests(LiveFixture f) : IClassFixture<LiveFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2);
    private readonly string _prefix = Cloud.UniquePrefix("ntf");
    private SyncedPanel Panel => f.Panel;
    private Cloud Cloud => f.Cloud;

    private Task<JsonObject?> Staff(string id) => Panel.StaffRetrieveAsync(id);

    private Task Within2s(Func<Task<bool>> condition, string what) => Eventually.WaitAsync(condition, Limit, what);

    private async Task<string> CreatedAndSeenAsync(string name, JsonObject? extra = null)
    {
        var attributes = new JsonObject { ["name"] = name, ["disk_format"] = "raw", ["container_format"] = "bare" };
        foreach (var (k, v) in extra ?? []) attributes[k] = v?.DeepClone();
        var id = await f.CreateAsync(Cloud.Demo1, attributes);
        await Within2s(async () => (await Panel.ListAsync(SyncedPanel.Alice, name)).Count == 1, $"image.create of {name} listed");
        return id;
    }

    [Fact]
    public async Task Image_create_is_listed_for_its_client_with_mapped_fields_within_2_seconds()
    {
        var name = $"{_prefix}-create";
        var id = await CreatedAndSeenAsync(name, new JsonObject { ["os_distro"] = "debian", ["image_type"] = "snapshot", ["custom_key"] = "v1", ["tags"] = new JsonArray("t1") });
        var image = Assert.Single(await Panel.ListAsync(SyncedPanel.Alice, name));
        Assert.Equal(id, (string?)image["id"]);
        Assert.Equal("RegionOne", (string?)image["region"]);
        Assert.Equal(SyncedPanel.ClientDemo1, (int?)image["client"]?["id"]);
        Assert.Equal("queued", (string?)image["status"]);
        Assert.Equal("debian", (string?)image["os_distro"]);
        Assert.Equal("snapshot", (string?)image["type"]);
        Assert.Equal("v1", (string?)image["properties"]?["custom_key"]);
        Assert.False(image["properties"]!.AsObject().ContainsKey("os_distro"));
        Assert.Equal(["t1"], image["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Empty(await Panel.DifferencesFromGlanceAsync(Cloud, [id]));
    }

    [Fact]
    public async Task Image_update_rename_is_listed_within_2_seconds()
    {
        var id = await CreatedAndSeenAsync($"{_prefix}-rename");
        await Cloud.Demo1.PatchAsync(id, ("replace", "/name", $"{_prefix}-renamed"), ("add", "/colour", "blue"));
        await Within2s(async () => (await Panel.ListAsync(SyncedPanel.Alice, $"{_prefix}-renamed")).Count == 1, "renamed image listed");
        Assert.Empty(await Panel.ListAsync(SyncedPanel.Alice, $"{_prefix}-rename-"));
        await Within2s(async () => (string?)(await Staff(id))?["properties"]?["colour"] == "blue", "new property shown");
    }

    [Fact]
    public async Task Upload_prepare_upload_and_activate_make_the_image_active_with_its_size_within_2_seconds()
    {
        var id = await CreatedAndSeenAsync($"{_prefix}-upload");
        await Cloud.Demo1.UploadAsync(id, new byte[4096]);
        await Within2s(async () => await Staff(id) is { } i && (string?)i["status"] == "active" && (long?)i["size"] == 4096, "active with size 4096");
        await Within2s(async () => (await Panel.DifferencesFromGlanceAsync(Cloud, [id])).Count == 0, "equal to Glance");
    }

    [Fact]
    public async Task Deactivate_and_reactivate_are_listed_within_2_seconds()
    {
        var id = await CreatedAndSeenAsync($"{_prefix}-deact");
        await Cloud.Demo1.UploadAsync(id, new byte[512]);
        await Within2s(async () => (string?)(await Staff(id))?["status"] == "active", "active");
        await Cloud.Demo1.DeactivateAsync(id);
        await Within2s(async () => (string?)(await Staff(id))?["status"] == "deactivated", "deactivated");
        await Cloud.Demo1.SendAsync(HttpMethod.Post, $"/v2/images/{id}/actions/reactivate");
        await Within2s(async () => (string?)(await Staff(id))?["status"] == "active", "reactivated");
    }

    [Fact]
    public async Task Image_delete_leaves_a_tombstone_that_no_list_shows_within_2_seconds()
    {
        var name = $"{_prefix}-delete";
        var id = await CreatedAndSeenAsync(name);
        await Cloud.Demo1.DeleteImageAsync(id);
        await Within2s(async () => (await Panel.ListAsync(SyncedPanel.Alice, name)).Count == 0, "deleted image gone from the list");
        var row = await Panel.WithDbAsync(db => db.Images.AsNoTracking().SingleAsync(i => i.Id == id));
        Assert.Equal("deleted", row.Status);
        Assert.NotNull(row.DeletedAt);
    }

    [Fact]
    public async Task Member_create_update_and_delete_change_what_the_member_lists_within_2_seconds()
    {
        var name = $"{_prefix}-member";
        var id = await CreatedAndSeenAsync(name);
        await Cloud.Demo1.AddMemberAsync(id, Cloud.Demo2.ProjectId);
        await Within2s(async () => await MemberStatusAsync(id) == "pending", "member pending");
        await Cloud.Demo2.SetMemberStatusAsync(id, Cloud.Demo2.ProjectId, "accepted");
        await Within2s(async () => await MemberStatusAsync(id) == "accepted", "member accepted");
        Assert.Single(await Panel.ListAsync(SyncedPanel.Bob, name));
        await Cloud.Demo1.SendAsync(HttpMethod.Delete, $"/v2/images/{id}/members/{Cloud.Demo2.ProjectId}");
        await Within2s(async () => (await Panel.ListAsync(SyncedPanel.Bob, name)).Count == 0, "member removed: bob no longer lists it");
        Assert.Null(await MemberStatusAsync(id));
    }

    private Task<string?> MemberStatusAsync(string id) => Panel.WithDbAsync(db => db.ImageMembers.AsNoTracking()
        .Where(m => m.ImageId == id && m.ProjectId == Cloud.Demo2.ProjectId).Select(m => m.Status).FirstOrDefaultAsync());

    [Fact]
    public async Task Malformed_message_is_dead_lettered_and_the_next_good_one_is_applied()
    {
        var before = await Panel.ConsumerStatusAsync();
        await f.Bus.PublishAsync(f.Queue, """{"oslo.version": "2.0", "oslo.message": "{not json"}""");
        await f.Bus.PublishAsync(f.Queue, """{"oslo.version": "2.0", "oslo.message": "{\"message_id\": \"m-no-payload\", \"event_type\": \"image.update\", \"timestamp\": \"2026-11-26 17:14:45.8\"}"}""");
        var id = await CreatedAndSeenAsync($"{_prefix}-after-bad");
        await Within2s(async () => await f.Bus.CountAsync(f.Queue + ".dead") == 2, "two messages in the dead-letter queue");
        var after = await Panel.ConsumerStatusAsync();
        Assert.Equal((long)before["dead_lettered"]! + 2, (long)after["dead_lettered"]!);
        Assert.Equal("connected", (string?)after["state"]);
        Assert.NotNull(await Staff(id));
    }

    [Fact]
    public async Task Sync_status_shows_the_consumer_connected_with_its_counters_and_lag()
    {
        await CreatedAndSeenAsync($"{_prefix}-status");
        var (status, body) = await Panel.GetAsync(SyncedPanel.Staff, "/backend/staffapi/openstack/sync");
        Assert.Equal(200, status);
        var n = body!["notifications"]!;
        Assert.True((bool)n["enabled"]!);
        var region = n["regions"]![0]!;
        Assert.Equal("RegionOne", (string?)region["region"]);
        Assert.Equal(f.Queue, (string?)region["queue"]);
        Assert.Equal("connected", (string?)region["state"]);
        Assert.True((long)region["received"]! >= 1);
        Assert.True((long)region["applied"]! >= 1);
        Assert.NotNull(region["last_message_at"]);
        Assert.True((double)region["lag_seconds"]! < 60);
        foreach (var counter in new[] { "ignored_older", "duplicates", "dead_lettered" }) Assert.NotNull(region[counter]);
    }
}
