using System.Text.Json.Nodes;
using PanelImages.Tests.Infrastructure;

namespace PanelImages.Tests.OpenApi;

/// <summary>web/openapi.json is what the page's TypeScript types are generated from: it must be the app's document.</summary>
public sealed class CommittedDocumentTests(SqliteWorld world) : IClassFixture<SqliteWorld>
{
    [Fact]
    public async Task WebCopyIsTheDocumentTheAppServes()
    {
        using var client = world.App.ClientWithToken(null);
        var served = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var path = Path.Combine(RepositoryRoot(), "web", "openapi.json");
        Assert.True(File.Exists(path), $"{path} is missing: run scripts/openapi-export.sh and commit it.");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path));
        Assert.True(JsonNode.DeepEquals(served, committed),
            "web/openapi.json differs from what the app serves at /openapi/v1.json: run scripts/openapi-export.sh, "
            + "regenerate the page's types (web/) and commit both.");
    }

    [Fact]
    public async Task EveryTagAnOperationCarriesIsDescribed()
    {
        using var client = world.App.ClientWithToken(null);
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var described = document["tags"]!.AsArray()
            .Where(t => !string.IsNullOrWhiteSpace((string?)t!["description"])).Select(t => (string)t!["name"]!).ToHashSet();
        var used = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject())
            .SelectMany(o => o.Value!["tags"]?.AsArray().Select(t => (string)t!) ?? []).ToHashSet();
        Assert.NotEmpty(used);
        Assert.Empty(used.Except(described));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PanelImages.slnx"))) return dir.FullName;
        throw new InvalidOperationException("PanelImages.slnx not found above " + AppContext.BaseDirectory);
    }
}
