using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PanelImages.Caching;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Caching;

/// <summary>
/// Two instances of the service on one PostgreSQL: a change written through A reaches B's cached answers through
/// NOTIFY (no round trip for B's cached pages), and stays correct while B's notification connection is killed.
/// </summary>
public sealed class SeveralInstancesCacheTests(PostgresWorld world) : IClassFixture<PostgresWorld>, IAsyncLifetime
{
    private const string Url = "/backend/api/openstack/images?page_size=100";
    private readonly PanelApp _b = world.App.AnotherInstance();
    private static int _bump = 500;

    public async Task InitializeAsync()
    {
        await Waiting.UntilListeningAsync(world.App);
        await Waiting.UntilListeningAsync(_b);
    }

    public async Task DisposeAsync() => await _b.DisposeAsync();

    private ResponseCache CacheOfB => _b.Services.GetRequiredService<ResponseCache>();

    private async Task<int> ChangeThroughAAsync(string id)
    {
        var minDisk = Interlocked.Increment(ref _bump);
        await world.App.SeedAsync(async db => (await db.Images.SingleAsync(i => i.Id == id)).MinDisk = minDisk);
        return minDisk;
    }

    private async Task<int?> MinDiskOnBAsync(string token, string id)
    {
        var (status, page) = await _b.GetJsonAsync(token, Url);
        Assert.Equal(200, status);
        var image = page!["objects"]!.AsArray().FirstOrDefault(o => (string)o!["id"]! == id);
        return image is null ? null : (int)image["min_disk"]!;
    }

    [Fact]
    public async Task AChangeOnOneInstanceReachesTheOthersCachedPageAndLeavesOtherClientsCached()
    {
        await MinDiskOnBAsync(Alice, "pa-private");
        var (_, bobBefore) = await _b.GetJsonAsync(Bob, Url);
        var minDisk = await ChangeThroughAAsync("pa-private");

        await Waiting.UntilAsync(async () => await MinDiskOnBAsync(Alice, "pa-private") == minDisk,
            "instance B to serve the change made on instance A");
        var hits = CacheOfB.Hits;
        var (_, bobAfter) = await _b.GetJsonAsync(Bob, Url);
        Assert.True(CacheOfB.Hits > hits, "Bob's page on B was recomputed for a change that does not concern him");
        Assert.True(JsonNode.DeepEquals(bobBefore, bobAfter));
        // B heard of it: its cached page costs no statement.
        _b.Statements.Reset();
        await MinDiskOnBAsync(Bob, "pb-private");
        Assert.Equal(0, _b.Statements.Count);
    }

    [Fact]
    public async Task AnswersStayCorrectWhenTheNotificationConnectionIsKilled()
    {
        await MinDiskOnBAsync(Alice, "pa-private");
        await using (var admin = new NpgsqlConnection(PanelApp.PostgresServer))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE application_name = @name AND datname = @db
                """, admin);
            kill.Parameters.AddWithValue("name", CatalogChangeListener.ApplicationName);
            kill.Parameters.AddWithValue("db", new NpgsqlConnectionStringBuilder(
                _b.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PanelImages.Catalog.CatalogOptions>>()
                    .Value.EffectiveConnectionString).Database!);
            Assert.True((long)(await kill.ExecuteScalarAsync())! >= 2, "both instances' listeners were running");
        }
        // Changed while B's listener is down or reconnecting: B must not keep serving its cached page.
        var minDisk = await ChangeThroughAAsync("pa-private");
        await Waiting.UntilAsync(async () => await MinDiskOnBAsync(Alice, "pa-private") == minDisk,
            "instance B to serve a change made while its notification connection was down");
        await Waiting.UntilListeningAsync(_b);
        minDisk = await ChangeThroughAAsync("pa-private");
        await Waiting.UntilAsync(async () => await MinDiskOnBAsync(Alice, "pa-private") == minDisk,
            "instance B to serve a change after its listener reconnected");
    }
}
