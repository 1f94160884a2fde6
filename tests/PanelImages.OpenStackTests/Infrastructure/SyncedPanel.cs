using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.OpenStack;
using PanelImages.Sync;

namespace PanelImages.OpenStackTests.Infrastructure;

/// <summary>
/// The real app on a fresh SQLite catalogue of its own, connected to the loopback OpenStack as admin. Client 1 owns
/// the demo1 project (end user alice), client 2 the demo2 project (bob); "staff" sees everything. The background
/// sync is off unless a test turns it on: tests run syncs themselves so that they are deterministic.
/// </summary>
public sealed class SyncedPanel : WebApplicationFactory<Program>
{
    public const string Alice = "tok-alice", Bob = "tok-bob", Staff = "tok-staff";
    public const int ClientDemo1 = 1, ClientDemo2 = 2;
    private readonly string _sqlitePath = Path.Combine(Path.GetTempPath(), $"panelimages-ostest-{Guid.NewGuid():N}.db");
    public Dictionary<string, string?> Settings { get; } = new()
    {
        ["Sync:Enabled"] = "false",
        ["Sync:MembersSeconds"] = "0",
        ["OpenStack:Cloud"] = "admin",
        // The limiter stays on (its own tests are in PanelImages.Tests); these tests create far more images than
        // a person would, so their budgets are too large to spend.
        ["RateLimits:Uploads:Burst"] = "1000000", ["RateLimits:Uploads:PerPeriod"] = "1000000",
        ["RateLimits:Actions:Burst"] = "1000000", ["RateLimits:Actions:PerPeriod"] = "1000000",
        ["RateLimits:Reads:Burst"] = "1000000", ["RateLimits:Reads:PerPeriod"] = "1000000",
    };
    public Cloud Cloud { get; private set; } = null!;
    /// <summary>Replaces services after the app registered its own (e.g. a TimeProvider the test moves).</summary>
    public Action<IServiceCollection>? TestServices { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Catalog:Provider", "sqlite");
        builder.UseSetting("Catalog:ConnectionString", $"Data Source={_sqlitePath}");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("OpenStack:CloudsFile", Cloud?.CloudsFile ?? Cloud.DefaultCloudsFile);
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (TestServices is { } configure) builder.ConfigureTestServices(configure);
    }

    /// <summary>Connects to the cloud (failing clearly if it is down), starts the app and seeds clients, users and project mappings.</summary>
    public async Task StartAsync()
    {
        Cloud = await Cloud.GetAsync();
        _ = Server;
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        db.Clients.AddRange(new Client { Id = ClientDemo1, Name = "Demo One" }, new Client { Id = ClientDemo2, Name = "Demo Two" });
        db.Projects.AddRange(new Project { Id = Cloud.Demo1.ProjectId, ClientId = ClientDemo1 }, new Project { Id = Cloud.Demo2.ProjectId, ClientId = ClientDemo2 });
        var alice = new User { Username = "alice", Audience = Audience.EndUser };
        var bob = new User { Username = "bob", Audience = Audience.EndUser };
        var staff = new User { Username = "staff", Audience = Audience.Staff };
        db.Users.AddRange(alice, bob, staff);
        await db.SaveChangesAsync();
        db.ClientUsers.AddRange(new ClientUser { ClientId = ClientDemo1, UserId = alice.Id }, new ClientUser { ClientId = ClientDemo2, UserId = bob.Id });
        foreach (var (user, key) in new[] { (alice, Alice), (bob, Bob), (staff, Staff) })
            db.ApiTokens.Add(new ApiToken { UserId = user.Id, KeyHash = TokenAuthenticationHandler.HashKey(key), CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    public SyncService Sync => Services.GetRequiredService<SyncService>();
    public KeystoneClient Keystone => Services.GetRequiredService<KeystoneClient>();

    public async Task<RegionSyncResult> SyncAsync(SyncKind kind, Action<SyncProgress>? progress = null)
    {
        var results = await Sync.RunAsync(kind, progress);
        return Assert.Single(results, r => r.Region == "RegionOne");
    }

    public async Task<RegionSyncResult> SyncOkAsync(SyncKind kind, Action<SyncProgress>? progress = null)
    {
        var result = await SyncAsync(kind, progress);
        Assert.True(result.Ok, $"{kind} sync failed: {result.Error}");
        return result;
    }

    public HttpClient ClientWithToken(string token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://panel.test") });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        return client;
    }

    public async Task<(int Status, JsonNode? Body)> GetAsync(string token, string url)
    {
        using var client = ClientWithToken(token);
        using var response = await client.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>The images an audience lists whose name contains <paramref name="search"/>.</summary>
    public async Task<List<JsonObject>> ListAsync(string token, string search, string audiencePath = "api")
    {
        var (status, body) = await GetAsync(token, $"/backend/{audiencePath}/openstack/images?page_size=1000&search={Uri.EscapeDataString(search)}");
        Assert.True(status == 200, $"list answered {status}: {body?.ToJsonString()}");
        return body!["objects"]!.AsArray().Select(o => o!.AsObject()).ToList();
    }

    /// <summary>The list's count (all pages) of what an audience sees whose name contains <paramref name="search"/>.</summary>
    public async Task<int> CountAsync(string token, string search)
    {
        var (status, body) = await GetAsync(token, $"/backend/api/openstack/images?page_size=1&search={Uri.EscapeDataString(search)}");
        Assert.True(status == 200, $"list answered {status}: {body?.ToJsonString()}");
        return (int)body!["count"]!;
    }

    public async Task<JsonObject?> StaffRetrieveAsync(string id)
    {
        var (status, body) = await GetAsync(Staff, $"/backend/staffapi/openstack/images/{id}");
        return status == 200 ? body!.AsObject() : null;
    }

    public async Task<T> WithDbAsync<T>(Func<CatalogDb, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<CatalogDb>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_sqlitePath + suffix);
    }
}
