using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PanelImages.OpenStackTests.Infrastructure;
using PanelImages.Sync;

namespace PanelImages.OpenStackTests;

/// <summary>
/// Two regions in the Keystone catalog: RegionOne and a test region whose image endpoint is a relay in front of the
/// same Glance (so it can fail on its own). Every image endpoint is a region, and each row records the region it
/// was read from.
/// </summary>
public sealed class MultiRegionTests : IAsyncLifetime
{
    private const string TestRegion = "RegionTest";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly TcpProxy _relay = new(9292);
    private readonly SyncedPanel _panel = new();
    private readonly List<string> _images = [];
    private Cloud _cloud = null!;
    private string? _endpointId;

    public async Task InitializeAsync()
    {
        _cloud = await Cloud.GetAsync();
        _relay.Start();
        await KeystoneAsync(HttpMethod.Post, "/regions", new JsonObject { ["region"] = new JsonObject { ["id"] = TestRegion } }, HttpStatusCode.Conflict);
        var services = await KeystoneAsync(HttpMethod.Get, "/services?type=image");
        var serviceId = services.GetProperty("services")[0].GetProperty("id").GetString()!;
        var endpoint = await KeystoneAsync(HttpMethod.Post, "/endpoints", new JsonObject
        {
            ["endpoint"] = new JsonObject
            {
                ["interface"] = "public", ["region_id"] = TestRegion, ["service_id"] = serviceId, ["url"] = $"http://127.0.0.1:{_relay.Port}",
            },
        });
        _endpointId = endpoint.GetProperty("endpoint").GetProperty("id").GetString();
        await _panel.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_endpointId is not null) await KeystoneAsync(HttpMethod.Delete, $"/endpoints/{_endpointId}", ok: HttpStatusCode.NotFound);
        await KeystoneAsync(HttpMethod.Delete, $"/regions/{TestRegion}", ok: HttpStatusCode.NotFound);
        await _cloud.Admin.DeleteManyAsync(_images);
        await _panel.DisposeAsync();
        await _relay.DisposeAsync();
    }

    [Fact]
    public async Task EveryImageEndpointIsARegionAndEachRowRecordsTheRegionItWasReadFrom()
    {
        var name = await NewImageAsync();
        var results = await _panel.Sync.RunAsync(SyncKind.Full);
        Assert.All(results, r => Assert.True(r.Error is null, $"{r.Region}: {r.Error}"));
        Assert.Equal(["RegionOne", TestRegion], results.Select(r => r.Region).Order());

        var rows = await _panel.ListAsync(SyncedPanel.Staff, name, "staffapi");
        Assert.Equal(["RegionOne", TestRegion], rows.Select(r => (string)r["region"]!).Order());
        Assert.All(rows, r => Assert.Equal(SyncedPanel.ClientDemo1, (int)r["client"]!["id"]!));
        var id = (string)rows[0]["id"]!;
        var (status, one) = await _panel.GetAsync(SyncedPanel.Alice, $"/backend/api/openstack/images/{id}?region={TestRegion}");
        Assert.Equal(200, status);
        Assert.Equal(TestRegion, (string)one!["region"]!);
    }

    [Fact]
    public async Task ARegionThatFailsDoesNotStopTheOthersAndCatchesUpWhenBack()
    {
        await _panel.Sync.RunAsync(SyncKind.Full);
        _relay.Stop();
        var name = await NewImageAsync();
        var results = await _panel.Sync.RunAsync(SyncKind.Full);
        Assert.Null(results.Single(r => r.Region == "RegionOne").Error);
        Assert.Contains($"127.0.0.1:{_relay.Port}", results.Single(r => r.Region == TestRegion).Error);
        Assert.Equal(["RegionOne"], (await _panel.ListAsync(SyncedPanel.Staff, name, "staffapi")).Select(r => (string)r["region"]!));
        var (_, syncStatus) = await _panel.GetAsync(SyncedPanel.Staff, "/backend/staffapi/openstack/sync");
        var testRegion = syncStatus!["regions"]!.AsArray().Single(r => (string)r!["region"]! == TestRegion)!;
        Assert.False((bool)testRegion["ok"]!);
        Assert.False(string.IsNullOrEmpty((string?)testRegion["last_error"]));

        _relay.Start();
        // The refused calls may have opened the region's circuit: it lets a call through again after its break (5 s),
        // so the region catches up on the first sync after that.
        var again = await _panel.Sync.RunAsync(SyncKind.Full);
        for (var wait = System.Diagnostics.Stopwatch.StartNew(); again.Any(r => r.Error is not null) && wait.Elapsed < TimeSpan.FromSeconds(30);)
        {
            await Task.Delay(1000);
            again = await _panel.Sync.RunAsync(SyncKind.Full);
        }
        Assert.All(again, r => Assert.True(r.Error is null, $"{r.Region}: {r.Error}"));
        Assert.Equal(["RegionOne", TestRegion], (await _panel.ListAsync(SyncedPanel.Staff, name, "staffapi")).Select(r => (string)r["region"]!).Order());
    }

    private async Task<string> NewImageAsync()
    {
        var name = Cloud.UniquePrefix("regions");
        var image = await _cloud.Demo1.CreateImageAsync(new JsonObject { ["name"] = name, ["disk_format"] = "raw", ["container_format"] = "bare", ["visibility"] = "private" });
        _images.Add(image.GetProperty("id").GetString()!);
        return name;
    }

    private async Task<JsonElement> KeystoneAsync(HttpMethod method, string path, JsonNode? body = null, HttpStatusCode? ok = null)
    {
        using var request = new HttpRequestMessage(method, _cloud.AuthUrl.TrimEnd('/') + path);
        request.Headers.Add("X-Auth-Token", _cloud.Admin.Token);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode && response.StatusCode != ok)
            throw new InvalidOperationException($"Keystone {method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 || !response.IsSuccessStatusCode ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
