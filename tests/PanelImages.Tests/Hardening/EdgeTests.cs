using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PanelImages.Catalog;
using PanelImages.Demo;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Hardening;

/// <summary>Stands in for the TCP peer: the test server has no network, so the peer address comes from a test header.</summary>
internal sealed class PeerAddress : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[Header].FirstOrDefault() ?? "198.51.100.7");
            return nextMiddleware(context);
        });
        next(app);
    };
}

public sealed class ForwardedHeadersTests : IAsyncLifetime
{
    private readonly PanelApp _app = new(DatabaseKind.Sqlite);

    public async Task InitializeAsync()
    {
        _app.Settings["ForwardedHeaders:KnownProxies:0"] = "10.0.0.5";
        _app.Settings["ForwardedHeaders:KnownNetworks:0"] = "192.168.7.0/24";
        _app.ServiceOverrides.Add(s => s.AddSingleton<IStartupFilter, PeerAddress>());
        await _app.SeedAsync(SeedAsync);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> NextLink(string peer, string proto, string host)
    {
        using var client = _app.ClientWithToken(Staff);
        client.DefaultRequestHeaders.Add(PeerAddress.Header, peer);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", proto);
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", host);
        var body = JsonNode.Parse(await client.GetStringAsync("/backend/staffapi/openstack/images?page_size=2"))!;
        return (string)body["next"]!;
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData("192.168.7.200")]
    [InlineData("127.0.0.1")]
    public async Task AConfiguredProxyOrLoopbackSetsTheLinksSchemeAndHost(string peer) =>
        Assert.StartsWith("https://panel.example.com/backend/staffapi/", await NextLink(peer, "https", "panel.example.com"));

    [Theory]
    [InlineData("203.0.113.9")]
    [InlineData("10.0.0.6")]
    public async Task AnyoneElsesForwardedHeadersAreIgnored(string peer) =>
        Assert.StartsWith("http://panel.test/backend/staffapi/", await NextLink(peer, "https", "evil.example"));

    [Fact]
    public async Task LinksAreHttpOrHttpsWhateverAProxySays() =>
        Assert.StartsWith("http://panel.example.com/", await NextLink("10.0.0.5", "javascript", "panel.example.com"));
}

public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly PanelApp _app = new(DatabaseKind.Sqlite);

    public async Task InitializeAsync()
    {
        foreach (var budget in new[] { "Reads", "Actions", "Uploads", "Anonymous" })
        {
            _app.Settings[$"RateLimits:{budget}:Burst"] = "3";
            _app.Settings[$"RateLimits:{budget}:PerPeriod"] = "1";
            _app.Settings[$"RateLimits:{budget}:PeriodSeconds"] = "3600";
        }
        _app.ServiceOverrides.Add(s => s.AddSingleton<IStartupFilter, PeerAddress>());
        await _app.SeedAsync(SeedAsync);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpResponseMessage> Send(string? token, HttpMethod method, string url, string peer = "198.51.100.7")
    {
        using var client = _app.ClientWithToken(token);
        client.DefaultRequestHeaders.Add(PeerAddress.Header, peer);
        var request = new HttpRequestMessage(method, url);
        if (method != HttpMethod.Get) request.Content = JsonContent.Create(new { name = "x" });
        return await client.SendAsync(request);
    }

    private static async Task Assert429(HttpResponseMessage response, string budget)
    {
        Assert.Equal(429, (int)response.StatusCode);
        Assert.True(int.Parse(response.Headers.GetValues("Retry-After").Single()) >= 1);
        var detail = (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!;
        Assert.Contains($"RateLimits:{budget}", detail);
    }

    [Fact]
    public async Task EachTokenHasItsOwnReadBudgetAndActionsAndUploadsHaveTheirsApart()
    {
        for (var i = 0; i < 3; i++) Assert.Equal(200, (int)(await Send(Bob, HttpMethod.Get, "/backend/api/openstack/images")).StatusCode);
        await Assert429(await Send(Bob, HttpMethod.Get, "/backend/api/openstack/images/pb-private"), "Reads");
        Assert.Equal(200, (int)(await Send(Alice, HttpMethod.Get, "/backend/api/openstack/images")).StatusCode); // another token
        // Bob's reads are spent; his actions and uploads are not.
        Assert.NotEqual(429, (int)(await Send(Bob, HttpMethod.Patch, "/backend/api/openstack/images/pb-private")).StatusCode);
        Assert.NotEqual(429, (int)(await Send(Bob, HttpMethod.Post, "/backend/api/openstack/images")).StatusCode);
        for (var i = 0; i < 2; i++) await Send(Bob, HttpMethod.Post, "/backend/api/openstack/images");
        await Assert429(await Send(Bob, HttpMethod.Post, "/backend/api/openstack/images"), "Uploads");
    }

    [Fact]
    public async Task RequestsWithoutAValidTokenSpendTheirAddresssBudget()
    {
        const string peer = "198.51.100.50";
        Assert.Equal(401, (int)(await Send(null, HttpMethod.Get, "/backend/api/openstack/images", peer)).StatusCode);
        Assert.Equal(401, (int)(await Send("bad-1", HttpMethod.Get, "/backend/api/openstack/images", peer)).StatusCode);
        Assert.Equal(401, (int)(await Send("bad-2", HttpMethod.Get, "/backend/api/openstack/images", peer)).StatusCode);
        await Assert429(await Send("bad-3", HttpMethod.Get, "/backend/api/openstack/images", peer), "Anonymous");
        Assert.Equal(401, (int)(await Send("bad-4", HttpMethod.Get, "/backend/api/openstack/images", "198.51.100.51")).StatusCode);
        Assert.Equal(200, (int)(await Send(Staff, HttpMethod.Get, "/healthz", peer)).StatusCode); // never limited
    }
}

public sealed class DemoRefusalTests
{
    [Fact]
    public async Task DemoLoadsIntoAnEmptyCatalogueAndAgainIntoItsOwn()
    {
        await using var app = new PanelApp(DatabaseKind.Sqlite);
        _ = app.Server;
        Assert.Null(await DemoCatalogue.LoadAsync(app.Services));
        Assert.Null(await DemoCatalogue.LoadAsync(app.Services));
        var (status, _) = await app.GetJsonAsync(DemoCatalogue.EndUserToken, "/backend/api/openstack/images");
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task DemoRefusesACatalogueHoldingAnythingItDidNotCreate()
    {
        await using var app = new PanelApp(DatabaseKind.Sqlite);
        await app.SeedAsync(SeedAsync);
        var refused = await DemoCatalogue.LoadAsync(app.Services);
        Assert.Contains("--demo refuses this catalogue", refused);
        Assert.Equal(401, (await app.GetJsonAsync(DemoCatalogue.StaffToken, "/backend/staffapi/openstack/images")).Status);
    }

    [Fact]
    public async Task DemoRefusesItsOwnCatalogueOnceARealUserWasAdded()
    {
        await using var app = new PanelApp(DatabaseKind.Sqlite);
        await app.SeedAsync(db => { DemoCatalogue.Populate(db); return Task.CompletedTask; });
        await app.SeedAsync(db =>
        {
            db.Users.Add(new User { Username = "alice", Audience = Audience.EndUser, CreatedAt = Epoch });
            return Task.CompletedTask;
        });
        Assert.Contains("holds users the demo did not create", await DemoCatalogue.LoadAsync(app.Services));
    }
}
