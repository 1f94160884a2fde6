using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.OpenStackTests.Infrastructure;

namespace PanelImages.OpenStackTests.SeveralInstances;

/// <summary>
/// Two app instances on one PostgreSQL catalogue and the real Glance: they answer the same, exactly one of them runs
/// the sync, and the other takes over within an interval when it stops.
/// </summary>
public sealed class SeveralInstancesTests : IAsyncLifetime
{
    private const string Staff = "tok-peer-staff";
    private readonly string _database = $"panelimages_peers_{Guid.NewGuid():N}";
    private static string Server => Environment.GetEnvironmentVariable("PANELIMAGES_TEST_POSTGRES") is { Length: > 0 } cs
        ? cs : "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";
    private string ConnectionString => new NpgsqlConnectionStringBuilder(Server) { Database = _database }.ConnectionString;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task TwoInstancesServeTheSameAnswersAndExactlyOneSyncsUntilItStops()
    {
        var cloud = await Cloud.GetAsync();
        var first = new Peer(ConnectionString, cloud);
        await first.SeedAsync();
        await using var second = new Peer(ConnectionString, cloud);
        _ = second.Server;

        var (leader, standby) = await WaitForOneLeaderAsync(first, second);
        var name = Cloud.UniquePrefix("peers");
        var image = await cloud.Demo1.CreateImageAsync(new JsonObject { ["name"] = name, ["disk_format"] = "raw", ["container_format"] = "bare" });
        var id = image.GetProperty("id").GetString()!;
        try
        {
            // The leader's incremental sync brings it in; both instances answer it, identically.
            var fromLeader = await WaitForImageAsync(leader, name, TimeSpan.FromSeconds(60));
            var fromStandby = await ListAsync(standby, name);
            Assert.True(JsonNode.DeepEquals(fromLeader, fromStandby), $"{fromLeader.ToJsonString()}\n{fromStandby.ToJsonString()}");
            Assert.False((bool)(await StatusAsync(standby))["leader"]!);
            Assert.Equal(0, standby.Authentications); // the standby never talked to OpenStack
            Assert.True(leader.Authentications > 0);

            await leader.DisposeAsync();
            var renamed = name + "-after";
            await cloud.Demo1.PatchAsync(id, ("replace", "/name", renamed));
            await WaitForImageAsync(standby, renamed, TimeSpan.FromSeconds(60));
            Assert.True((bool)(await StatusAsync(standby))["leader"]!);
        }
        finally
        {
            await cloud.Admin.DeleteImageAsync(id);
            await first.DisposeAsync();
        }
    }

    private static async Task<(Peer Leader, Peer Standby)> WaitForOneLeaderAsync(Peer a, Peer b)
    {
        for (var i = 0; i < 100; i++)
        {
            var (aLeads, bLeads) = ((bool)(await StatusAsync(a))["leader"]!, (bool)(await StatusAsync(b))["leader"]!);
            Assert.False(aLeads && bLeads, "both instances claim the sync lead");
            if (aLeads != bLeads) return aLeads ? (a, b) : (b, a);
            await Task.Delay(200);
        }
        throw new Xunit.Sdk.XunitException("no instance took the sync lead within 20 s");
    }

    private static async Task<JsonObject> StatusAsync(Peer peer)
    {
        using var client = peer.Client();
        return JsonNode.Parse(await client.GetStringAsync("/backend/staffapi/openstack/sync"))!.AsObject();
    }

    private static async Task<JsonNode> ListAsync(Peer peer, string search)
    {
        using var client = peer.Client();
        return JsonNode.Parse(await client.GetStringAsync($"/backend/staffapi/openstack/images?search={Uri.EscapeDataString(search)}"))!;
    }

    private static async Task<JsonNode> WaitForImageAsync(Peer peer, string name, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (true)
        {
            var list = await ListAsync(peer, name);
            if (list["objects"]!.AsArray().Any(o => (string?)o!["name"] == name)) return list;
            if (DateTime.UtcNow > until) throw new Xunit.Sdk.XunitException($"{name} did not reach the catalogue within {within.TotalSeconds} s");
            await Task.Delay(250);
        }
    }

    /// <summary>One instance: its own host, the shared PostgreSQL catalogue, background sync every second.</summary>
    private sealed class Peer(string connectionString, Cloud cloud) : WebApplicationFactory<Program>
    {
        /// <summary>Keystone tokens this instance asked for: none unless it talked to OpenStack.</summary>
        public int Authentications => Services.GetRequiredService<OpenStack.KeystoneClient>().Authentications;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Catalog:Provider", "postgres");
            builder.UseSetting("Catalog:ConnectionString", connectionString);
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("OpenStack:Cloud", "admin");
            builder.UseSetting("OpenStack:CloudsFile", cloud.CloudsFile);
            builder.UseSetting("Sync:Enabled", "true");
            builder.UseSetting("Sync:IncrementalSeconds", "1");
            builder.UseSetting("Sync:FullMinutes", "60");
            builder.UseSetting("Sync:MembersSeconds", "3600");
            builder.UseSetting("Notifications:Enabled", "false");
        }

        public async Task SeedAsync()
        {
            _ = Server;
            await using var scope = Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            var staff = db.Users.Add(new User { Username = "peer-staff", Audience = Audience.Staff }).Entity;
            await db.SaveChangesAsync();
            db.ApiTokens.Add(new ApiToken { UserId = staff.Id, KeyHash = TokenAuthenticationHandler.HashKey(Staff), CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        public HttpClient Client()
        {
            var client = CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://peer.test") });
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", Staff);
            return client;
        }
    }
}
