using System.Text;
using System.Text.Json.Nodes;
using PanelImages.OpenStackTests.Infrastructure;
using PanelImages.OpenStackTests.Nova;
using PanelImages.Tests.OpenApi;
using static PanelImages.OpenStackTests.Infrastructure.SyncedPanel;

namespace PanelImages.OpenStackTests.OpenApi;

/// <summary>
/// The Nova-backed routes when a real Nova and Keystone answer: the instance lists of every audience with synced
/// instances, a snapshot and a backup (202 with the image of the audience and Location) for each audience, Nova's
/// flavors, Keystone's projects and the cleanup status, against what /openapi/v1.json says.
/// </summary>
public sealed class DocumentedNovaResponsesTests(NovaFixture nova) : IClassFixture<NovaFixture>
{
    private const string EI = "/backend/api/openstack/instances", SI = "/backend/staffapi/openstack/instances",
        RI = "/backend/resellerapi/openstack/instances";
    private readonly List<string> _problems = [];
    private OpenApiContract _contract = null!;

    private async Task<JsonNode?> Call(int expected, string token, string method, string path, string url, JsonNode? json = null)
    {
        using var client = nova.Panel.ClientWithToken(token);
        using var request = new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = json is null ? null : new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        _problems.AddRange(await _contract.ProblemsAsync(method, path, response));
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != expected) _problems.Add($"{method} {url}: expected {expected}, got {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    [Fact]
    public async Task NovaRouteResponsesFromARealCloudAreWhatTheDocumentSays()
    {
        using (var client = nova.Panel.ClientWithToken(Alice)) _contract = await OpenApiContract.LoadAsync(client);
        var alices = await nova.NewServerAsync(nova.Demo1, Cloud.UniquePrefix("nova-doc"));
        var bobs = await nova.NewServerAsync(nova.Demo2, Cloud.UniquePrefix("nova-doc"));
        await nova.NovaSyncOkAsync(full: true);

        await Call(200, Alice, "GET", EI, EI);
        await Call(200, Staff, "GET", SI, SI);
        await Call(200, NovaFixture.Rita, "GET", RI, RI);

        // One image action at a time per server (Nova's rule): each is waited for before the next.
        Track(await Call(202, Alice, "POST", EI + "/{id}/snapshot", $"{EI}/{alices}/snapshot", new JsonObject { ["name"] = Cloud.UniquePrefix("nova-doc-snap") }));
        await nova.Demo1.WaitIdleAsync(alices);
        Track(await Call(202, Staff, "POST", SI + "/{id}/backup", $"{SI}/{alices}/backup",
            new JsonObject { ["name"] = Cloud.UniquePrefix("nova-doc-bk"), ["backup_type"] = "daily", ["rotation"] = 2 }));
        await nova.Demo1.WaitIdleAsync(alices);
        Track(await Call(202, NovaFixture.Rita, "POST", RI + "/{id}/snapshot", $"{RI}/{bobs}/snapshot", new JsonObject { ["name"] = Cloud.UniquePrefix("nova-doc-snap") }));
        await nova.Demo2.WaitIdleAsync(bobs);
        await Call(404, Alice, "POST", EI + "/{id}/backup", $"{EI}/{bobs}/backup",
            new JsonObject { ["name"] = "x", ["backup_type"] = "daily", ["rotation"] = 1 });
        await Call(403, NovaFixture.Limited, "POST", EI + "/{id}/snapshot", $"{EI}/{alices}/snapshot", new JsonObject { ["name"] = "x" });

        await Call(200, Staff, "GET", "/backend/staffapi/openstack/flavors", "/backend/staffapi/openstack/flavors");
        await Call(200, Staff, "GET", "/backend/staffapi/openstack/projects", "/backend/staffapi/openstack/projects");
        await Call(200, Staff, "GET", "/backend/staffapi/openstack/cleanup", "/backend/staffapi/openstack/cleanup");

        Assert.True(_problems.Count == 0, string.Join("\n", _problems));
    }

    private void Track(JsonNode? image)
    {
        if (image?["id"] is { } id) nova.Forget((string)id!);
    }
}
