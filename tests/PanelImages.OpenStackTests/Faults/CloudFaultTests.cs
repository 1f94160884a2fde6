using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PanelImages.OpenStackTests.Infrastructure;
using PanelImages.OpenStackTests.Notifications;
using PanelImages.Sync;

namespace PanelImages.OpenStackTests.Faults;

/// <summary>
/// Glance answering 500s, then hanging, behind a fault-injecting relay: lists keep answering from the catalogue,
/// actions answer 502/503 naming the region, the circuit opens, and everything works again once Glance heals.
/// </summary>
public sealed class GlanceFaultTests : IAsyncLifetime
{
    private readonly SyncedPanel _panel = new();
    private readonly HttpFaultRelay _glance = new(9292);
    private readonly string _prefix = Cloud.UniquePrefix("gfault");
    private string _id = "";

    public async Task InitializeAsync()
    {
        _panel.Settings["OpenStack:EndpointOverrides:RegionOne"] = _glance.Url();
        _panel.Settings["OpenStack:Retries"] = "1";
        _panel.Settings["OpenStack:AttemptTimeoutSeconds"] = "15"; // a shared, loaded Glance lists 1,000 images slowly
        _panel.Settings["OpenStack:CircuitMinimumThroughput"] = "4";
        _panel.Settings["Notifications:Enabled"] = "false";
        await _panel.StartAsync();
        _id = (await _panel.Cloud.Demo1.CreateImageAsync(new JsonObject { ["name"] = $"{_prefix}-a" })).GetProperty("id").GetString()!;
        await _panel.SyncOkAsync(SyncKind.Full);
    }

    public async Task DisposeAsync()
    {
        await _panel.Cloud.Admin.DeleteManyAsync([_id]);
        await _glance.DisposeAsync();
        await _panel.DisposeAsync();
    }

    [Fact]
    public async Task FailingOrHangingGlanceOpensTheCircuitLeavesListsAloneAndActionsNameTheRegionUntilItHeals()
    {
        using var alice = _panel.ClientWithToken(SyncedPanel.Alice);

        // The breaker opens once failures are 10 % of the calls of its window (30 s, at least 4 calls). Twenty
        // successes first, so that the first failures pass through as 502 however few calls the sync made; the
        // sync's calls are in the window too (thousands of successes on a Glance holding thousands of shared
        // images), so the failing renames go on until the circuit opens or the window has rolled past the sync.
        for (var i = 0; i < 10; i++) Assert.Equal(200, (await RenameAsync(alice, $"{_prefix}-ok{i}")).Status);
        _glance.Set(Fault.Error500);
        var statuses = new List<(int Status, string Detail)>();
        var failing = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; statuses.Count < 12 || !statuses.Any(s => s.Status == 503) && failing.Elapsed < TimeSpan.FromSeconds(45); i++)
        {
            statuses.Add(await RenameAsync(alice, $"{_prefix}-b{i}"));
            Assert.Single(await _panel.ListAsync(SyncedPanel.Alice, _prefix)); // the list is the catalogue's
            if (statuses.Count >= 12) await Task.Delay(250);
        }
        Assert.All(statuses, s => Assert.Contains("RegionOne", s.Detail));
        Assert.Contains(statuses, s => s.Status == 502 && s.Detail.Contains("500"));
        Assert.Contains(statuses, s => s.Status == 503 && s.Detail.Contains("circuit open"));
        Console.WriteLine($"Glance 500s: {string.Join(", ", statuses.Select(s => s.Status))}");

        _glance.Set(Fault.Hang);
        await WaitCircuitClosedOrHalfOpenAsync();
        var hung = await RenameAsync(alice, $"{_prefix}-hang");
        Assert.Equal(503, hung.Status);
        Assert.Contains("RegionOne", hung.Detail);
        var list = System.Diagnostics.Stopwatch.StartNew();
        Assert.Single(await _panel.ListAsync(SyncedPanel.Alice, _prefix));
        Assert.True(list.Elapsed < TimeSpan.FromSeconds(10), $"a list took {list.Elapsed} while Glance hangs (attempts wait 15 s)");

        _glance.Set(Fault.None);
        (int Status, string Detail) healed = default;
        await Eventually.WaitAsync(async () => (healed = await RenameAsync(alice, $"{_prefix}-healed")).Status == 200,
            TimeSpan.FromSeconds(30), "an action succeeding after Glance healed");
        Assert.Equal($"{_prefix}-healed", (string?)(await _panel.ListAsync(SyncedPanel.Alice, _prefix)).Single()["name"]);
        Assert.True((await _panel.SyncAsync(SyncKind.Incremental)).Ok);
    }

    private async Task<(int Status, string Detail)> RenameAsync(HttpClient client, string name)
    {
        using var response = await client.PatchAsJsonAsync($"/backend/api/openstack/images/{_id}", new { name });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return ((int)response.StatusCode, (string?)body?["detail"] ?? "");
    }

    /// <summary>The circuit opened by the 500s lets a probe through after its break (5 s).</summary>
    private static Task WaitCircuitClosedOrHalfOpenAsync() => Task.Delay(TimeSpan.FromSeconds(6));
}

/// <summary>Keystone down when a sync needs a token: no tombstones, the error on the status page, convergence later.</summary>
public sealed class KeystoneOutageTests : IAsyncLifetime
{
    private readonly SyncedPanel _panel = new();
    private readonly HttpFaultRelay _keystone = new(5000);
    private readonly string _prefix = Cloud.UniquePrefix("ksdown");
    private readonly List<string> _created = [];

    public async Task InitializeAsync()
    {
        _panel.Settings["OpenStack:AuthUrl"] = _keystone.Url("/v3");
        _panel.Settings["OpenStack:Retries"] = "1";
        _panel.Settings["OpenStack:AttemptTimeoutSeconds"] = "3";
        _panel.Settings["Notifications:Enabled"] = "false";
        await _panel.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _panel.Cloud.Admin.DeleteManyAsync(_created);
        await _keystone.DisposeAsync();
        await _panel.DisposeAsync();
    }

    [Fact]
    public async Task KeystoneDownDuringASyncTombstonesNothingShowsTheErrorAndTheNextSyncConverges()
    {
        var cloud = _panel.Cloud;
        foreach (var n in new[] { "kept", "doomed" })
            _created.Add((await cloud.Demo1.CreateImageAsync(new JsonObject { ["name"] = $"{_prefix}-{n}" })).GetProperty("id").GetString()!);
        await _panel.SyncOkAsync(SyncKind.Full);

        _keystone.Set(Fault.Refuse);
        _panel.Keystone.Forget(); // the token expires while Keystone is away
        await cloud.Demo1.DeleteImageAsync(_created[1]);
        // Without a token there is no service catalog: the run fails as a whole ("*"), recorded on every known region.
        var failed = Assert.Single(await _panel.Sync.RunAsync(SyncKind.Full));
        Assert.False(failed.Ok);
        Assert.Contains("keystone", failed.Error!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await _panel.WithDbAsync(db => db.Images.CountAsync(i => i.Name!.StartsWith(_prefix) && i.Status == "deleted")));
        Assert.Equal(2, (await _panel.ListAsync(SyncedPanel.Alice, _prefix)).Count);
        var (_, status) = await _panel.GetAsync(SyncedPanel.Staff, "/backend/staffapi/openstack/sync");
        var region = status!["regions"]!.AsArray().Single(r => (string?)r!["region"] == "RegionOne")!;
        Assert.False((bool?)region["ok"]);
        Assert.Contains("keystone", ((string?)region["last_error"])!, StringComparison.OrdinalIgnoreCase);

        _keystone.Set(Fault.None);
        RegionSyncResult converged = failed;
        await Eventually.WaitAsync(async () => (converged = await _panel.SyncAsync(SyncKind.Full)).Ok, TimeSpan.FromSeconds(30), "a sync after Keystone returned");
        Assert.Equal([_created[0]], (await _panel.ListAsync(SyncedPanel.Alice, _prefix)).Select(i => (string)i["id"]!));
        Assert.Equal("deleted", await _panel.WithDbAsync(db => db.Images.Where(i => i.Id == _created[1]).Select(i => i.Status).SingleAsync()));
    }
}
