using System.Text.Json.Nodes;
using PanelImages.Demo;
using PanelImages.Tests.Infrastructure;

namespace PanelImages.Tests.Listing;

public abstract class DemoFixture(DatabaseKind kind) : IAsyncLifetime
{
    public PanelApp App { get; } = new(kind);
    public async Task InitializeAsync() => await App.SeedAsync(db => { DemoCatalogue.Populate(db); return Task.CompletedTask; });
    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class SqliteDemo() : DemoFixture(DatabaseKind.Sqlite);
public sealed class PostgresDemo() : DemoFixture(DatabaseKind.Postgres);

/// <summary>The demo end user's list is the documented example response, key for key and in the same order.</summary>
public abstract class DocumentedExampleTests<TDemo>(TDemo demo) : IClassFixture<TDemo> where TDemo : DemoFixture
{
    [Fact]
    public async Task DemoEndUserListIsTheDocumentedExampleFieldForField()
    {
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "documented-example.json")))!;
        var (status, actual) = await demo.App.GetJsonAsync(DemoCatalogue.EndUserToken, "/backend/api/openstack/images");
        Assert.Equal(200, status);
        AssertSameJson(expected, actual!, "$");
    }

    [Fact]
    public async Task DemoCatalogueHasSeveralClientsRegionsStatusesAndVisibilities()
    {
        var (_, body) = await demo.App.GetJsonAsync(DemoCatalogue.StaffToken, "/backend/staffapi/openstack/images?page_size=1000");
        var objects = body!["objects"]!.AsArray();
        Assert.True((int)body["count"]! >= 250);
        Assert.Equal(2, objects.Select(o => (string)o!["region"]!).Distinct().Count());
        Assert.True(objects.Select(o => (int?)o!["client"]?["id"]).Distinct().Count() >= 10);
        Assert.Equal(4, objects.Select(o => (string)o!["visibility"]!).Distinct().Count());
        Assert.True(objects.Select(o => (string)o!["status"]!).Distinct().Count() >= 8);
    }

    /// <summary>Compares values and, for objects, the order of keys.</summary>
    private static void AssertSameJson(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {actual?.ToJsonString()}");
                break;
            case JsonObject eo:
                var ao = Assert.IsType<JsonObject>(actual);
                Assert.True(eo.Select(p => p.Key).SequenceEqual(ao.Select(p => p.Key)),
                    $"{path}: keys differ.\nexpected: {string.Join(",", eo.Select(p => p.Key))}\nactual:   {string.Join(",", ao.Select(p => p.Key))}");
                foreach (var (key, value) in eo) AssertSameJson(value, ao[key], $"{path}.{key}");
                break;
            case JsonArray ea:
                var aa = Assert.IsType<JsonArray>(actual);
                Assert.True(ea.Count == aa.Count, $"{path}: {ea.Count} items expected, {aa.Count} found");
                for (var i = 0; i < ea.Count; i++) AssertSameJson(ea[i], aa[i], $"{path}[{i}]");
                break;
            default:
                Assert.True(JsonNode.DeepEquals(expected, actual), $"{path}: expected {expected.ToJsonString()}, got {actual?.ToJsonString()}");
                break;
        }
    }
}

public sealed class DocumentedExampleOnSqlite(SqliteDemo demo) : DocumentedExampleTests<SqliteDemo>(demo);
public sealed class DocumentedExampleOnPostgres(PostgresDemo demo) : DocumentedExampleTests<PostgresDemo>(demo);
