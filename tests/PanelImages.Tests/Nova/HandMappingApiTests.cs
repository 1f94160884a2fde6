using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Nova;

/// <summary>A world of its own: these tests move projects between clients.</summary>
public abstract class HandMappingWorld(DatabaseKind kind) : IAsyncLifetime
{
    public PanelApp App { get; } = new(kind);
    public Task InitializeAsync() => App.SeedAsync(SeedAsync);
    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class SqliteHandMappingWorld() : HandMappingWorld(DatabaseKind.Sqlite);
public sealed class PostgresHandMappingWorld() : HandMappingWorld(DatabaseKind.Postgres);

/// <summary>
/// Staff map a project to a client by hand through the API (as the CLI's <c>projects map</c> does): the project's
/// images follow at once, the mapping rule leaves it alone, and removing it gives the project back to the rule.
/// </summary>
public abstract class HandMappingApiTests<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : HandMappingWorld
{
    private const string Projects = "/backend/staffapi/openstack/projects";
    private const string EndUserApi = "/backend/api/openstack/images";

    private async Task<(int Status, JsonNode? Body)> SendAsync(string token, HttpMethod method, string url, object? json = null)
    {
        using var client = world.App.ClientWithToken(token);
        using var request = new HttpRequestMessage(method, url) { Content = json is null ? null : JsonContent.Create(json) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    private async Task<int> RetrieveAsync(string token, string id) => (await world.App.GetJsonAsync(token, $"{EndUserApi}/{id}")).Status;

    [Fact]
    public async Task AProjectMappedByHandMovesItsImagesToThatClientAndBackWhenTheMappingIsRemoved()
    {
        Assert.Equal(404, await RetrieveAsync(Alice, "pd-private")); // client D's
        var (status, body) = await SendAsync(Staff, HttpMethod.Put, $"{Projects}/pd/client", new { client = ClientA });
        Assert.True(status == 200, $"{status} {body}");
        Assert.Equal("manual", (string)body!["mapped_by"]!);
        Assert.Equal(ClientA, (int)body["client"]!);
        Assert.True((int)body["images_repointed"]! >= 4);
        Assert.Equal(200, await RetrieveAsync(Alice, "pd-private")); // client A now owns project pd's images

        Assert.Equal(204, (await SendAsync(Staff, HttpMethod.Delete, $"{Projects}/pd/client")).Status);
        Assert.Equal(404, await RetrieveAsync(Alice, "pd-private"));
        // No hand mapping left to remove: 404 saying so.
        var (again, detail) = await SendAsync(Staff, HttpMethod.Delete, $"{Projects}/pd/client");
        Assert.Equal(404, again);
        Assert.Contains("no hand mapping", (string)detail!["detail"]!);
    }

    [Fact]
    public async Task HandMappingsAreInTheActivityLogWithTheProjectAndTheClientAndNoImage()
    {
        Assert.Equal(200, (await SendAsync(Staff, HttpMethod.Put, $"{Projects}/pc/client", new { client = ClientB })).Status);
        Assert.Equal(204, (await SendAsync(Staff, HttpMethod.Delete, $"{Projects}/pc/client")).Status);
        Assert.Equal(404, (await SendAsync(Staff, HttpMethod.Delete, $"{Projects}/pc/client")).Status);

        // The audit entry is written once the response is complete.
        JsonNode[] entries = [];
        await PanelImages.Tests.Caching.Waiting.UntilAsync(async () =>
        {
            var (status, log) = await world.App.GetJsonAsync(Staff, "/backend/staffapi/activitylog?ordering=-at&page_size=100&filtering=action:map_project%2Baction:unmap_project");
            Assert.Equal(200, status);
            entries = [.. log!["objects"]!.AsArray().Select(e => e!).Where(e => ((string?)e["detail"])?.Contains("pc") == true)];
            return entries.Length == 3;
        }, "three project mapping entries in the activity log");
        var map = entries.Single(e => (string)e["action"]! == "map_project");
        Assert.Equal($"project pc mapped to client {ClientB} by hand", (string?)map["detail"]);
        Assert.Equal("success", (string?)map["outcome"]);
        Assert.Null((string?)map["image"]);
        var unmaps = entries.Where(e => (string)e["action"]! == "unmap_project").Select(e => (int)e["status_code"]!).Order();
        Assert.Equal([204, 404], unmaps);
    }

    [Theory]
    [InlineData(Alice, 403)]
    [InlineData(Reseller, 403)]
    [InlineData(null, 401)]
    public async Task OnlyStaffMapProjects(string? token, int expected)
    {
        using var client = world.App.ClientWithToken(token);
        using var response = await client.PutAsJsonAsync($"{Projects}/pa/client", new { client = ClientB });
        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal(200, await RetrieveAsync(Alice, "pa-private")); // nothing moved
    }

    [Theory]
    [InlineData("pa", """{"client": 999}""", "No client 999")]
    [InlineData("pa", """{"client": "A"}""", "\"client\" must be an integer")]
    [InlineData("pa", """{}""", "\"client\" is required")]
    [InlineData("pa", """{"client": 1, "colour": "blue"}""", "Unknown field \"colour\"")]
    [InlineData("p%20a", """{"client": 1}""", "A project id is")]
    public async Task MalformedMappingsAre400NamingTheProblem(string project, string json, string detail)
    {
        using var client = world.App.ClientWithToken(Staff);
        using var response = await client.PutAsync($"{Projects}/{project}/client", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains(detail, (string)body["detail"]!);
        Assert.Equal(200, await RetrieveAsync(Alice, "pa-private"));
    }
}

public sealed class SqliteHandMappingApiTests(SqliteHandMappingWorld world) : HandMappingApiTests<SqliteHandMappingWorld>(world);
public sealed class PostgresHandMappingApiTests(PostgresHandMappingWorld world) : HandMappingApiTests<PostgresHandMappingWorld>(world);
