using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PanelImages.OpenStackTests.Infrastructure;
using PanelImages.OpenStackTests.Notifications;
using PanelImages.Sync;

namespace PanelImages.OpenStackTests.Faults;

/// <summary>
/// The service process killed with SIGKILL in the middle of its work, then started again on the same catalogue:
/// afterwards the catalogue equals Glance — nothing lost, nothing duplicated.
/// </summary>
public sealed class KillTests : IAsyncLifetime
{
    private readonly string _catalogue = NotifiedPanel.NewCatalogue();
    private readonly string _prefix = Cloud.UniquePrefix("kill");
    private readonly SyncedPanel _reader = new();
    private readonly List<string> _created = [];

    public async Task InitializeAsync()
    {
        // An in-process app on the same catalogue seeds users and reads rows; its own sync and consumer stay off.
        _reader.Settings["Catalog:ConnectionString"] = $"Data Source={_catalogue}";
        _reader.Settings["Notifications:Enabled"] = "false";
        await _reader.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _reader.Cloud.Admin.DeleteManyAsync(_created, parallel: 8);
        await _reader.DisposeAsync();
        NotifiedPanel.DeleteCatalogue(_catalogue);
    }

    private string[] Common => ["--Catalog:ConnectionString", $"Data Source={_catalogue}", "--OpenStack:Cloud", "admin",
        "--OpenStack:CloudsFile", _reader.Cloud.CloudsFile, "--Logging:LogLevel:Default", "Warning"];

    [Fact]
    public async Task KilledInTheMiddleOfAFullSyncOfThousandsOfImagesTheNextRunLeavesTheCatalogueEqualToGlance()
    {
        var cloud = _reader.Cloud;
        var started = DateTime.UtcNow.AddSeconds(-5);
        _created.AddRange(await cloud.Demo1.CreateManyAsync(_prefix, 2000, parallel: 8));
        string[] sync = [.. Common, "--Notifications:Enabled", "false", "--OpenStack:PageSize", "100",
            "--Sync:FullMinutes", "600", "--Sync:IncrementalSeconds", "3600"];

        using (var first = PanelProcess.Start(null, sync))
        {
            // Mid-run: some of this test's images are in, the run has not finished.
            await Eventually.WaitAsync(async () => await CountAsync() >= 100 || first.HasExited, TimeSpan.FromMinutes(3), "sync under way");
            Assert.False(await FullSyncDoneAsync(), "the full sync finished before the kill: nothing was proven");
            await first.KillAsync();
        }
        var atKill = await CountAsync();
        Console.WriteLine($"SIGKILL mid full sync: {atKill} of 2000 images in the catalogue");

        // Glance moves on while the service is dead: the next run must see deletions and changes too.
        var deleted = _created.Take(50).ToList();
        await cloud.Admin.DeleteManyAsync(deleted, parallel: 8);
        foreach (var id in _created.Skip(50).Take(20)) await cloud.Admin.PatchAsync(id, ("replace", "/name", $"{_prefix}-renamed"));

        using var second = PanelProcess.Start(null, sync);
        await second.WaitLiveAsync();
        await Eventually.WaitAsync(FullSyncDoneAsync, TimeSpan.FromMinutes(5), "the full sync after the restart");

        await AssertEqualToGlanceAsync(started, TimeSpan.FromSeconds(30));
        var live = await CatalogueStateAsync();
        Assert.All(deleted, id => Assert.DoesNotContain(id, live.Keys));
    }

    [Fact]
    public async Task KilledInTheMiddleOfANotificationBurstTheRestartedConsumerAppliesEveryEventOnce()
    {
        var cloud = _reader.Cloud;
        var started = DateTime.UtcNow.AddSeconds(-5);
        await using var bus = await Bus.ConnectAsync();
        var queue = bus.Track(Bus.UniqueQueue("kill"));
        string[] consume = [.. Common, "--Sync:Enabled", "false", "--Notifications:Regions:0:Region", "RegionOne",
            "--Notifications:Regions:0:TransportUrl", Bus.Url, "--Notifications:Regions:0:Queue", queue,
            "--Notifications:ReconnectSeconds", "1", "--Notifications:CatchUpAfterOutage", "false"];
        {
            using (var first = PanelProcess.Start(SyncedPanel.Staff, consume))
            {
                await first.WaitLiveAsync();
                await Eventually.WaitAsync(async () =>
                {
                    var status = JsonNode.Parse(await first.Http.GetStringAsync("/backend/staffapi/openstack/sync"));
                    return (string?)status?["notifications"]?["regions"]?[0]?["state"] == "connected";
                }, TimeSpan.FromSeconds(30), "consumer connected");
                var burst = cloud.Demo1.CreateManyAsync(_prefix, 400, parallel: 8);
                await Eventually.WaitAsync(async () => await CountAsync() >= 40, TimeSpan.FromMinutes(2), "events applied");
                await first.KillAsync();
                Console.WriteLine($"SIGKILL mid notification burst: {await CountAsync()} of 400 applied");
                _created.AddRange(await burst);
            }
            // Changes while the consumer is dead wait in its durable queue.
            foreach (var id in _created.Take(30)) await cloud.Demo1.PatchAsync(id, ("replace", "/name", $"{_prefix}-renamed"));

            using var second = PanelProcess.Start(SyncedPanel.Staff, consume);
            await second.WaitLiveAsync();
            await AssertEqualToGlanceAsync(started, TimeSpan.FromMinutes(3));
            Assert.Equal(_created.Count, (await CatalogueStateAsync()).Count);
        }
    }

    /// <summary>id → name|status|updated_at of this test's images in Glance, one listing (not one call per image).</summary>
    private async Task<Dictionary<string, string>> GlanceStateAsync(DateTime since) =>
        (await _reader.Cloud.Admin.ListAllAsync($"&created_at=gte:{since:yyyy-MM-ddTHH:mm:ssZ}"))
            .Where(i => i.GetProperty("name").GetString()?.StartsWith(_prefix) == true)
            // A Glance on SQLite under load can fail a DELETE half-way ("database is locked") and list the image as
            // status deleted: gone for every purpose, and a tombstone in the catalogue, as the catalogue side counts it.
            .Where(i => i.GetProperty("status").GetString() != "deleted")
            .ToDictionary(i => i.GetProperty("id").GetString()!,
                i => $"{i.GetProperty("name").GetString()}|{i.GetProperty("status").GetString()}|{i.GetProperty("updated_at").GetString()}");

    /// <summary>The same for the catalogue's live rows; fails on a duplicate row.</summary>
    private async Task<Dictionary<string, string>> CatalogueStateAsync()
    {
        var rows = await _reader.WithDbAsync(db => db.Images.AsNoTracking().Where(i => i.Name!.StartsWith(_prefix))
            .Select(i => new { i.Id, i.Region, i.Name, i.Status, i.UpdatedAt }).ToListAsync());
        Assert.Equal(rows.Count, rows.Select(r => (r.Id, r.Region)).Distinct().Count());
        return rows.Where(r => r.Status != "deleted")
            .ToDictionary(r => r.Id, r => $"{r.Name}|{r.Status}|{r.UpdatedAt!.Value.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}");
    }

    private async Task AssertEqualToGlanceAsync(DateTime since, TimeSpan timeout)
    {
        Dictionary<string, string> glance = [], catalogue = [];
        var deadline = DateTime.UtcNow + timeout;
        do
        {
            (glance, catalogue) = (await GlanceStateAsync(since), await CatalogueStateAsync());
            if (glance.Count == catalogue.Count && glance.All(g => catalogue.GetValueOrDefault(g.Key) == g.Value)) return;
            await Task.Delay(1000);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Equal(glance.OrderBy(p => p.Key), catalogue.OrderBy(p => p.Key));
    }

    private Task<int> CountAsync() => _reader.WithDbAsync(db => db.Images.CountAsync(i => i.Name!.StartsWith(_prefix)));

    private Task<bool> FullSyncDoneAsync() =>
        _reader.WithDbAsync(db => db.RegionSyncStates.AnyAsync(s => s.Region == "RegionOne" && s.LastFullSyncAt != null));
}
