using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Caching;

/// <summary>
/// GET /backend/events: the version at once, then an event for each change that concerns what the caller can see
/// (and none for changes it cannot), fed by the same change copy the caches are served by.
/// </summary>
public abstract class LiveEventsTests<TWorld>(TWorld world) : IClassFixture<TWorld>, IAsyncLifetime where TWorld : WorldFixture
{
    private static int _bump = 500;

    public Task InitializeAsync() => Waiting.UntilListeningAsync(world.App);
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Gives the image a new min_disk and returns the catalogue version after that write.</summary>
    private async Task<long> ChangeAsync(string id)
    {
        var version = 0L;
        await world.App.SeedAsync(async db =>
        {
            (await db.Images.SingleAsync(i => i.Id == id)).MinDisk = Interlocked.Increment(ref _bump);
            await db.SaveChangesAsync();
            version = await ReadVersionAsync(db);
        });
        return version;
    }

    /// <summary>The catalogue version the triggers take for each write (the one the event stream reports).</summary>
    private static Task<long> ReadVersionAsync(PanelImages.Catalog.CatalogDb db) =>
        db.Database.SqlQueryRaw<long>("SELECT \"Value\" AS \"Value\" FROM catalog_version WHERE \"Id\" = 1").SingleAsync();

    private async Task<long> CurrentVersionAsync()
    {
        var version = 0L;
        await world.App.SeedAsync(async db => version = await ReadVersionAsync(db));
        return version;
    }

    [Fact]
    public async Task AStreamStartsAtTheCurrentVersionAndHearsAChangeToTheCallersOwnImage()
    {
        await using var alice = await EventStream.OpenAsync(world.App, Alice);
        Assert.Equal(await CurrentVersionAsync(), await alice.NextVersionAsync());

        var changed = await ChangeAsync("pa-private");
        Assert.Equal(changed, await alice.NextVersionAsync());
    }

    [Fact]
    public async Task AnEndUsersStreamHearsNothingOfAnotherClientsPrivateImageWhileStaffHearsIt()
    {
        await using var alice = await EventStream.OpenAsync(world.App, Alice);
        await using var staff = await EventStream.OpenAsync(world.App, Staff);
        await alice.NextVersionAsync();
        await staff.NextVersionAsync();

        var otherClients = await ChangeAsync("pc-private");
        Assert.Equal(otherClients, await staff.NextVersionAsync());
        var alicesOwn = await ChangeAsync("pa-private");
        // Had the first change been sent to alice, it would come first.
        Assert.Equal(alicesOwn, await alice.NextVersionAsync());
        Assert.Equal(alicesOwn, await staff.NextVersionAsync());
    }

    [Fact]
    public async Task AChangeToAPublicImageReachesEveryEndUser()
    {
        await using var bob = await EventStream.OpenAsync(world.App, Bob);
        await bob.NextVersionAsync();
        Assert.Equal(await ChangeAsync("pa-public"), await bob.NextVersionAsync());
    }
}

public sealed class LiveEventsOnSqlite(SqliteWorld world) : LiveEventsTests<SqliteWorld>(world);
public sealed class LiveEventsOnPostgres(PostgresWorld world) : LiveEventsTests<PostgresWorld>(world);

/// <summary>The bound on open streams per instance: one more gets 503 with its reason; a closed one frees its place.</summary>
public sealed class LiveEventsLimitTests(SqliteWorld world) : IClassFixture<SqliteWorld>
{
    [Fact]
    public async Task AStreamBeyondTheLimitGets503AndAClosedStreamFreesItsPlace()
    {
        await using var app = new PanelApp(world.App);
        app.Settings["LiveEvents:MaxConnections"] = "1";
        var first = await EventStream.OpenAsync(app, Alice);
        await first.NextVersionAsync();

        using var client = app.ClientWithToken(Bob);
        using var refused = await client.GetAsync("/backend/events");
        Assert.Equal(503, (int)refused.StatusCode);
        Assert.Contains("Too many open event streams", (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["detail"]);

        await first.DisposeAsync();
        await Waiting.UntilAsync(async () =>
        {
            await using var again = await EventStream.TryOpenAsync(app, Bob);
            return again is not null;
        }, "the closed stream's place to be free");
    }
}

/// <summary>A reader of one server-sent event stream.</summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _closed = new();

    private EventStream(HttpClient client, HttpResponseMessage response, Stream body)
    {
        _client = client;
        _response = response;
        _reader = new StreamReader(body);
    }

    public static async Task<EventStream> OpenAsync(PanelApp app, string token) =>
        await TryOpenAsync(app, token) ?? throw new Xunit.Sdk.XunitException("the event stream was refused");

    public static async Task<EventStream?> TryOpenAsync(PanelApp app, string token)
    {
        var client = app.ClientWithToken(token);
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/backend/events"), HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            client.Dispose();
            return null;
        }
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStream(client, response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>The version of the next <c>catalog</c> event (heartbeats and comments skipped); fails after 10 s.</summary>
    public async Task<long> NextVersionAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_closed.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        string? eventName = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token)
                ?? throw new Xunit.Sdk.XunitException("the event stream ended");
            if (line.StartsWith("event: ")) eventName = line["event: ".Length..];
            else if (line.StartsWith("data: ") && eventName == "catalog")
                return (long)JsonNode.Parse(line["data: ".Length..])!["version"]!;
        }
    }

    public ValueTask DisposeAsync()
    {
        _closed.Cancel();
        _reader.Dispose();
        _response.Dispose();
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
