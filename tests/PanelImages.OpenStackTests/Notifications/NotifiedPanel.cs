using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;
using PanelImages.OpenStackTests.Infrastructure;
using PanelImages.Sync;

namespace PanelImages.OpenStackTests.Notifications;

/// <summary>
/// The app with the sync off and the notification consumer on, reading its own test-named queue (so it competes with
/// no other app on the bus). Several apps can be started, one after the other, on the same SQLite catalogue.
/// </summary>
public static class NotifiedPanel
{
    public static SyncedPanel Create(string queue, string catalogue, bool catchUp = false)
    {
        var panel = new SyncedPanel();
        panel.Settings["Catalog:ConnectionString"] = $"Data Source={catalogue}";
        panel.Settings["Notifications:Regions:0:Region"] = "RegionOne";
        panel.Settings["Notifications:Regions:0:TransportUrl"] = Bus.Url;
        panel.Settings["Notifications:Regions:0:Queue"] = queue;
        panel.Settings["Notifications:ReconnectSeconds"] = "1";
        panel.Settings["Notifications:CatchUpAfterOutage"] = catchUp ? "true" : "false";
        return panel;
    }

    public static string NewCatalogue() => Path.Combine(Path.GetTempPath(), $"panelimages-notif-{Guid.NewGuid():N}.db");

    public static void DeleteCatalogue(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
    }

    /// <summary>Waits until the consumer says it is connected (its queue is then declared and bound).</summary>
    public static async Task WaitConnectedAsync(this SyncedPanel panel, TimeSpan? timeout = null)
    {
        await Eventually.WaitAsync(async () =>
        {
            var (_, body) = await panel.GetAsync(SyncedPanel.Staff, "/backend/staffapi/openstack/sync");
            return (string?)body?["notifications"]?["regions"]?[0]?["state"] == "connected";
        }, timeout ?? TimeSpan.FromSeconds(15), "consumer connected");
    }

    public static async Task<JsonObject> ConsumerStatusAsync(this SyncedPanel panel)
    {
        var (status, body) = await panel.GetAsync(SyncedPanel.Staff, "/backend/staffapi/openstack/sync");
        Assert.Equal(200, status);
        return body!["notifications"]!["regions"]![0]!.AsObject();
    }

    /// <summary>
    /// The differences between the catalogue and Glance for these images (empty = equal): every field the sync's
    /// mapping fills, the tombstone of a deleted image, and the members of each image.
    /// </summary>
    public static async Task<List<string>> DifferencesFromGlanceAsync(this SyncedPanel panel, Cloud cloud, IEnumerable<string> ids)
    {
        var differences = new List<string>();
        var projects = await panel.WithDbAsync(db => db.Projects.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.ClientId));
        foreach (var id in ids)
        {
            var row = await panel.WithDbAsync(db => db.Images.AsNoTracking().Include(i => i.Members).FirstOrDefaultAsync(i => i.Region == "RegionOne" && i.Id == id));
            var glance = await cloud.Admin.SendAsync(HttpMethod.Get, $"/v2/images/{id}", ok: [HttpStatusCode.NotFound]);
            if (glance.ValueKind == JsonValueKind.Undefined)
            {
                if (row?.Status != "deleted") differences.Add($"{id}: deleted in Glance, catalogue has {row?.Status ?? "no row"}");
                continue;
            }
            if (row is null) { differences.Add($"{id}: missing from the catalogue"); continue; }
            var expected = new Image { Region = "RegionOne", Id = id };
            GlanceImageMapper.Apply(expected, glance, projects);
            void Compare(string field, object? want, object? got)
            {
                if (!Equals(want, got)) differences.Add($"{id} {field}: Glance {want ?? "null"}, catalogue {got ?? "null"}");
            }
            Compare("name", expected.Name, row.Name);
            Compare("status", expected.Status, row.Status);
            Compare("visibility", expected.Visibility, row.Visibility);
            Compare("size", expected.Size, row.Size);
            Compare("virtual_size", expected.VirtualSize, row.VirtualSize);
            Compare("updated_at", expected.UpdatedAt, row.UpdatedAt);
            Compare("owner", expected.Owner, row.Owner);
            Compare("client", expected.ClientId, row.ClientId);
            Compare("protected", expected.Protected, row.Protected);
            Compare("min_disk", expected.MinDisk, row.MinDisk);
            Compare("os_distro", expected.OsDistro, row.OsDistro);
            Compare("type", expected.Type, row.Type);
            Compare("tags", string.Join(",", expected.Tags.Order()), string.Join(",", row.Tags.Order()));
            Compare("properties", Canonical(expected.PropertiesJson), Canonical(row.PropertiesJson));
            var members = expected.Visibility == "shared"
                ? string.Join(",", (await cloud.Admin.SendAsync(HttpMethod.Get, $"/v2/images/{id}/members")).GetProperty("members").EnumerateArray()
                    .Select(m => $"{m.GetProperty("member_id").GetString()}:{m.GetProperty("status").GetString()}").Order())
                : "";
            Compare("members", members, string.Join(",", row.Members.Select(m => $"{m.ProjectId}:{m.Status}").Order()));
        }
        return differences;
    }

    private static string Canonical(string json) =>
        string.Join(",", JsonNode.Parse(json)!.AsObject().Select(p => $"{p.Key}={p.Value?.ToJsonString()}").Order());

    /// <summary>Polls until the catalogue equals Glance for these images, failing with the differences left.</summary>
    public static async Task WaitEqualToGlanceAsync(this SyncedPanel panel, Cloud cloud, IReadOnlyCollection<string> ids, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        List<string> differences;
        do
        {
            differences = await panel.DifferencesFromGlanceAsync(cloud, ids);
            if (differences.Count == 0) return;
            await Task.Delay(250);
        } while (clock.Elapsed < timeout);
        Assert.Fail($"catalogue differs from Glance after {timeout.TotalSeconds} s:\n" + string.Join("\n", differences));
    }
}

public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 25 ms; returns how long it took, fails after <paramref name="timeout"/>.</summary>
    public static async Task<TimeSpan> WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition()) return clock.Elapsed;
            if (clock.Elapsed > timeout) Assert.Fail($"not within {timeout.TotalSeconds} s: {what}");
            await Task.Delay(25);
        }
    }
}

public static class GlanceRetry
{
    /// <summary>A Glance write that failed with 500 was rolled back: sent again while the loopback SQLite stays locked.</summary>
    public static async Task Patiently(Func<Task> call, int attempts = 8)
    {
        for (var attempt = 1; ; attempt++)
        {
            try { await call(); return; }
            catch (InvalidOperationException e) when (attempt < attempts && e.Message.Contains(": 500"))
            {
                await Task.Delay(1000);
            }
        }
    }
}
