using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PanelImages.Catalog;
using PanelImages.Sync;
using PanelImages.Tests.Infrastructure;

namespace PanelImages.Tests.Operations;

/// <summary>What /healthz/live and /healthz/ready answer in each state of the catalogue, the sync and the consumer.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task LiveAndReadyAreHealthyOnAMigratedCatalogue()
    {
        await using var app = await TelemetryAndErrorTests.StartAsync();
        var (status, body) = await GetAsync(app, "/healthz/ready");
        Assert.Equal(200, status);
        Assert.Equal("Healthy", (string?)body["status"]);
        Assert.Equal("Healthy", (string?)body["checks"]!["catalog"]!["status"]);
        Assert.Equal(200, (await GetAsync(app, "/healthz/live")).Status);
        Assert.Equal(200, (await GetAsync(app, "/healthz")).Status);
    }

    [Fact]
    public async Task ReadyIsDegradedWhenARegionsSyncIsOlderThanTheConfiguredAge()
    {
        // An OpenStack that does not answer: the sync runs and fails; the last success stays two hours old.
        await using var app = await TelemetryAndErrorTests.StartAsync(false,
            ("OpenStack:AuthUrl", "http://127.0.0.1:9/v3"), ("OpenStack:Username", "x"), ("OpenStack:Password", "x"),
            ("OpenStack:ProjectName", "x"), ("Health:SyncMaxAgeMinutes", "60"));
        await app.SeedAsync(db =>
        {
            db.RegionSyncStates.AddRange(
                new RegionSyncState { Region = "r1", LastFullSyncAt = DateTime.UtcNow.AddHours(-2) },
                new RegionSyncState { Region = "r2", LastFullSyncAt = DateTime.UtcNow.AddHours(-2), LastIncrementalSyncAt = DateTime.UtcNow });
            return Task.CompletedTask;
        });
        var (status, body) = await GetAsync(app, "/healthz/ready");
        Assert.Equal(200, status); // still serving: load balancers keep it
        Assert.Equal("Degraded", (string?)body["status"]);
        Assert.Equal("Degraded", (string?)body["checks"]!["sync"]!["status"]);
        Assert.Contains("r1", (string?)body["checks"]!["sync"]!["description"]);
        Assert.DoesNotContain("r2", (string?)body["checks"]!["sync"]!["description"]);
    }

    [Fact]
    public async Task ReadyIsDegradedWhileTheNotificationConsumerIsDisconnected()
    {
        await using var app = await TelemetryAndErrorTests.StartAsync(false,
            ("Notifications:Regions:0:Region", "r1"), ("Notifications:Regions:0:TransportUrl", "amqp://guest:guest@127.0.0.1:9/"));
        var (status, body) = await WaitForAsync(app, "/healthz/ready", b => (string?)b["checks"]!["notifications"]!["status"] == "Degraded");
        Assert.Equal(200, status);
        Assert.Equal("Degraded", (string?)body["status"]);
        Assert.Contains("r1", (string?)body["checks"]!["notifications"]!["description"]);
    }

    [Fact]
    public async Task ReadyIsUnavailableWhenTheCatalogueLacksAMigration()
    {
        await using var app = await TelemetryAndErrorTests.StartAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
            var last = (await db.Database.GetAppliedMigrationsAsync()).Last();
            await db.Database.ExecuteSqlAsync($"DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {last}");
        }
        var (status, body) = await GetAsync(app, "/healthz/ready");
        Assert.Equal(503, status);
        Assert.Equal("Unhealthy", (string?)body["checks"]!["catalog"]!["status"]);
        Assert.Equal(200, (await GetAsync(app, "/healthz/live")).Status); // a restart would not fix it
    }

    [Fact]
    public async Task ReadyIsUnavailableWhenTheCatalogueCannotBeReached()
    {
        await using var app = new PanelApp(DatabaseKind.Postgres);
        await app.SeedAsync(_ => Task.CompletedTask);
        var database = new NpgsqlConnectionStringBuilder(app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CatalogOptions>>()
            .Value.EffectiveConnectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using (var admin = new NpgsqlConnection(PanelApp.PostgresServer))
        {
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        var (status, body) = await GetAsync(app, "/healthz/ready");
        Assert.Equal(503, status);
        Assert.Equal("Unhealthy", (string?)body["status"]);
        Assert.Equal("The catalogue cannot be reached.", (string?)body["checks"]!["catalog"]!["description"]);
    }

    private static async Task<(int Status, JsonNode Body)> GetAsync(PanelApp app, string path)
    {
        using var client = app.ClientWithToken(null);
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, path == "/healthz" ? new JsonObject() : JsonNode.Parse(text)!);
    }

    private static async Task<(int Status, JsonNode Body)> WaitForAsync(PanelApp app, string path, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var result = await GetAsync(app, path);
            if (condition(result.Body) || DateTime.UtcNow > deadline) return result;
            await Task.Delay(200);
        }
    }
}
