using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PanelImages.OpenStackTests.Infrastructure;
using PanelImages.Sync;

namespace PanelImages.OpenStackTests;

/// <summary>
/// Glance goes away (the region's endpoint is a relay we stop: connection refused) and comes back: the list keeps
/// answering from the catalogue, the status names the failing endpoint, and the next syncs converge without loss or duplicates.
/// </summary>
public sealed class GlanceOutageTests : IAsyncLifetime
{
    private readonly SyncedPanel _panel = new();
    private readonly TcpProxy _glance = new(9292);
    private readonly string _prefix = Cloud.UniquePrefix("down");
    private readonly List<string> _created = [];

    public async Task InitializeAsync()
    {
        _glance.Start();
        _panel.Settings["OpenStack:EndpointOverrides:RegionOne"] = $"http://127.0.0.1:{_glance.Port}";
        _panel.Settings["OpenStack:Retries"] = "1";
        _panel.Settings["OpenStack:AttemptTimeoutSeconds"] = "5";
        await _panel.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _panel.Cloud.Admin.DeleteManyAsync(_created);
        await _glance.DisposeAsync();
        await _panel.DisposeAsync();
    }

    private async Task<string> CreateAsync(string name)
    {
        var id = (await _panel.Cloud.Demo1.CreateImageAsync(new JsonObject { ["name"] = name })).GetProperty("id").GetString()!;
        _created.Add(id);
        return id;
    }

    [Fact]
    public async Task List_keeps_answering_while_glance_is_down_and_the_next_syncs_converge()
    {
        var kept = await CreateAsync($"{_prefix}-kept");
        var doomed = await CreateAsync($"{_prefix}-doomed");
        await _panel.SyncOkAsync(SyncKind.Full);
        Assert.Equal(2, (await _panel.ListAsync(SyncedPanel.Alice, _prefix)).Count);

        _glance.Stop();
        var added = await CreateAsync($"{_prefix}-added");
        await _panel.Cloud.Demo1.DeleteImageAsync(doomed);

        var failed = await _panel.SyncAsync(SyncKind.Incremental);
        Assert.False(failed.Ok);
        Assert.Contains($"127.0.0.1:{_glance.Port}", failed.Error);
        Assert.Contains("RegionOne", failed.Error);
        Assert.False((await _panel.SyncAsync(SyncKind.Full)).Ok);

        // The catalogue still answers, with what it knew.
        Assert.Equal(2, (await _panel.ListAsync(SyncedPanel.Alice, _prefix)).Count);
        var (_, status) = await _panel.GetAsync(SyncedPanel.Staff, "/backend/staffapi/openstack/sync");
        var region = status!["regions"]!.AsArray().Single(r => (string?)r!["region"] == "RegionOne")!;
        Assert.False((bool?)region["ok"]);
        Assert.Contains($"127.0.0.1:{_glance.Port}", (string?)region["last_error"]);
        Assert.NotNull(region["last_full_sync"]); // the last good run is still shown

        _glance.Start();
        // The circuit breaker may hold calls back for a few seconds after the failures.
        RegionSyncResult incremental = failed;
        for (var i = 0; i < 20 && !incremental.Ok; i++)
        {
            await Task.Delay(500);
            incremental = await _panel.SyncAsync(SyncKind.Incremental);
        }
        Assert.True(incremental.Ok, incremental.Error);
        var afterIncremental = await _panel.ListAsync(SyncedPanel.Alice, _prefix);
        Assert.Equal([$"{_prefix}-added", $"{_prefix}-doomed", $"{_prefix}-kept"], afterIncremental.Select(i => (string)i["name"]!).Order());

        await _panel.SyncOkAsync(SyncKind.Full);
        var converged = await _panel.ListAsync(SyncedPanel.Alice, _prefix);
        Assert.Equal(new[] { added, kept }.Order(), converged.Select(i => (string)i["id"]!).Order());
        Assert.Equal(3, await _panel.WithDbAsync(db => db.Images.CountAsync(i => i.Name!.StartsWith(_prefix))));
        (_, status) = await _panel.GetAsync(SyncedPanel.Staff, "/backend/staffapi/openstack/sync");
        Assert.True((bool?)status!["regions"]!.AsArray().Single(r => (string?)r!["region"] == "RegionOne")!["ok"]);
    }
}
