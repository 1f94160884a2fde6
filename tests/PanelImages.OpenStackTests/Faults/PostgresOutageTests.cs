using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.OpenStackTests.Infrastructure;

namespace PanelImages.OpenStackTests.Faults;

/// <summary>
/// The catalogue's PostgreSQL goes away under list load and comes back. It sits behind a relay we cut (every
/// connection dropped, new ones refused), which for the app is a database restart — the shared server itself is
/// never touched.
/// </summary>
public sealed class PostgresOutageTests : IAsyncLifetime
{
    private const string Server = "Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres";
    private const string Token = "tok-outage";
    private readonly TcpProxy _relay = new(PostgresPort);
    private readonly string _database = $"panelimages_outage_{Guid.NewGuid():N}";
    private WebApplicationFactory<Program> _app = null!;

    private static int PostgresPort => new NpgsqlConnectionStringBuilder(ServerConnection).Port;
    private static string ServerConnection =>
        Environment.GetEnvironmentVariable("PANELIMAGES_TEST_POSTGRES") is { Length: > 0 } cs ? cs : Server;

    public async Task InitializeAsync()
    {
        _relay.Start();
        var cs = new NpgsqlConnectionStringBuilder(ServerConnection)
        {
            Port = _relay.Port, Database = _database, Timeout = 3, CommandTimeout = 5,
        }.ConnectionString;
        _app = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Catalog:Provider", "postgres");
            b.UseSetting("Catalog:ConnectionString", cs);
            b.UseSetting("Logging:LogLevel:Default", "Critical");
            b.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "None");
            b.UseSetting("Notifications:Enabled", "false");
            b.UseSetting("RateLimits:Enabled", "false"); // four workers read as fast as they can: the load, not a person
        });
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        db.Clients.Add(new Client { Id = 1, Name = "Outage" });
        db.Projects.Add(new Project { Id = "p-outage", ClientId = 1 });
        var user = db.Users.Add(new User { Username = "outage", Audience = Audience.EndUser }).Entity;
        await db.SaveChangesAsync();
        db.ClientUsers.Add(new ClientUser { ClientId = 1, UserId = user.Id });
        db.ApiTokens.Add(new ApiToken { User = user, KeyHash = TokenAuthenticationHandler.HashKey(Token), CreatedAt = DateTime.UtcNow });
        for (var i = 0; i < 30; i++)
            db.Images.Add(new Image
            {
                Id = $"img-{i:D2}", Region = "r1", Name = $"outage-{i:D2}", Owner = "p-outage", ClientId = 1, Status = "active",
                Visibility = "private", CreatedAt = DateTime.UtcNow.AddMinutes(-i), UpdatedAt = DateTime.UtcNow,
            });
        db.Regions.Add(new Region { Id = "r1" });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _relay.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(ServerConnection);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task DuringTheOutageListsAnswer503WithDetailNeverAWrongPageAndServiceReturnsWithoutRestart()
    {
        using var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", Token);
        var pages = new[] { "?page=1&page_size=10", "?page=2&page_size=10", "?ordering=name&page_size=5", "/img-07" };
        var expected = new Dictionary<string, string>();
        foreach (var page in pages) expected[page] = await OkBodyAsync(client, page);

        var outcomes = new List<(DateTime At, int Status, string Page)>();
        using var load = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = w; !load.IsCancellationRequested; i++)
            {
                var page = pages[i % pages.Length];
                using var response = await client.GetAsync($"/backend/api/openstack/images{page}");
                var text = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                if (status == 200) Assert.Equal(expected[page], text); // never a wrong or partial page
                else
                {
                    Assert.Equal(503, status);
                    Assert.False(string.IsNullOrEmpty((string?)JsonNode.Parse(text)!["detail"]));
                    Assert.NotNull(response.Headers.RetryAfter);
                }
                lock (outcomes) outcomes.Add((DateTime.UtcNow, status, page));
            }
        })).ToList();

        await WaitUntilAsync(() => Count(outcomes, 200) > 40, "load before the outage");
        _relay.Stop();
        var cut = DateTime.UtcNow;
        await WaitUntilAsync(() => CountSince(outcomes, cut, 503) > 20, "503s during the outage");
        using (var ready = await client.GetAsync("/healthz/ready")) Assert.Equal(503, (int)ready.StatusCode);

        _relay.Start();
        var back = DateTime.UtcNow;
        await WaitUntilAsync(() => CountSince(outcomes, back, 200) > 40, "full service after the database returned", seconds: 15);
        DateTime firstOk;
        lock (outcomes) firstOk = outcomes.Where(o => o.At >= back && o.Status == 200).Min(o => o.At);
        await WaitUntilAsync(() => { lock (outcomes) return outcomes.Count(o => o.At > firstOk.AddSeconds(2)) > 20; }, "load after recovery");
        load.Cancel();
        await Task.WhenAll(workers);
        Console.WriteLine($"PostgreSQL outage: {CountSince(outcomes, cut, 503)} × 503 during it; first 200 {(firstOk - back).TotalSeconds:F2} s after it returned");
        // After recovery every page of the load answered 200 again, with the right body.
        var tail = outcomes.Where(o => o.At > firstOk.AddSeconds(2)).ToList();
        Assert.NotEmpty(tail);
        Assert.All(tail, o => Assert.Equal(200, o.Status));
        using (var ready = await client.GetAsync("/healthz/ready")) Assert.Equal(200, (int)ready.StatusCode);
    }

    private static async Task<string> OkBodyAsync(HttpClient client, string page)
    {
        using var response = await client.GetAsync($"/backend/api/openstack/images{page}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return text;
    }

    private static int Count(List<(DateTime At, int Status, string Page)> o, int status) { lock (o) return o.Count(x => x.Status == status); }

    private static int CountSince(List<(DateTime At, int Status, string Page)> o, DateTime since, int status)
    {
        lock (o) return o.Count(x => x.At >= since && x.Status == status);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(50);
        }
    }
}
