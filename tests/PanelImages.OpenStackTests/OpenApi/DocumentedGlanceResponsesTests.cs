using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PanelImages.OpenStackTests.Actions;
using PanelImages.OpenStackTests.Infrastructure;
using PanelImages.Sync;
using PanelImages.Tests.OpenApi;
using static PanelImages.OpenStackTests.Infrastructure.SyncedPanel;

namespace PanelImages.OpenStackTests.OpenApi;

/// <summary>
/// The actions' responses when a real Glance answers (201, 202, 204, 200/206 data, members, state changes, Glance's
/// own 404 and the 413 limit) against what /openapi/v1.json says for that path, method and status.
/// </summary>
public sealed class DocumentedGlanceResponsesTests(ActionFixture f) : IClassFixture<ActionFixture>
{
    private const string E = "/backend/api/openstack/images", S = "/backend/staffapi/openstack/images", R = "/backend/resellerapi/openstack/images";
    private readonly List<string> _problems = [];
    private OpenApiContract _contract = null!;

    private async Task<HttpResponseMessage> Call(int expected, string token, string method, string path, string url,
        JsonNode? json = null, HttpContent? content = null, Action<HttpRequestMessage>? prepare = null)
    {
        using var client = f.Panel.ClientWithToken(token);
        var request = new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = json is null ? content : new StringContent(json.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        prepare?.Invoke(request);
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        _problems.AddRange(await _contract.ProblemsAsync(method, path, response));
        if ((int)response.StatusCode != expected)
            _problems.Add($"{method} {url}: expected {expected}, got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private static async Task<string> IdOf(HttpResponseMessage response) =>
        (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;

    [Fact]
    public async Task ActionResponsesFromARealGlanceAreWhatTheDocumentSays()
    {
        using (var client = f.Panel.ClientWithToken(Alice)) _contract = await OpenApiContract.LoadAsync(client);

        await Call(200, Alice, "GET", E + "/create_options", E + "/create_options");
        await Call(200, ActionFixture.Rita, "GET", R + "/create_options", R + "/create_options");
        await Call(200, Alice, "GET", E + "/usage", E + "/usage");
        await Call(200, Staff, "GET", S + "/usage", S + "/usage?client=2&region=RegionOne");

        // Create, upload, download whole and in part, change, deactivate and reactivate, delete.
        var created = await Call(201, Alice, "POST", E, E, new JsonObject
        {
            ["name"] = Cloud.UniquePrefix("doc"), ["disk_format"] = "raw", ["tags"] = new JsonArray("t"), ["os_distro"] = "ubuntu",
        });
        var id = await IdOf(created);
        f.Track(id);
        var data = RandomNumberGenerator.GetBytes(64 << 10);
        await Call(204, Alice, "PUT", E + "/{id}/file", $"{E}/{id}/file", content: ActionFixture.Octets(data));
        await Call(409, Alice, "PUT", E + "/{id}/file", $"{E}/{id}/file", content: ActionFixture.Octets(data));
        await Call(200, Alice, "GET", E + "/{id}/download", $"{E}/{id}/download");
        await Call(206, Alice, "GET", E + "/{id}/download", $"{E}/{id}/download", prepare: r => r.Headers.Range = new RangeHeaderValue(10, 99));
        await Call(200, Alice, "PATCH", E + "/{id}", $"{E}/{id}", new JsonObject { ["min_ram"] = 256, ["properties"] = new JsonObject { ["k"] = "v" } });
        await Call(200, Alice, "PUT", E + "/{id}", $"{E}/{id}", new JsonObject { ["properties"] = new JsonObject { ["k"] = null } });
        await Call(200, Staff, "PATCH", S + "/{id}", $"{S}/{id}", new JsonObject { ["os_hidden"] = false });
        await Call(200, Alice, "POST", E + "/{id}/deactivate", $"{E}/{id}/deactivate");
        await Call(403, Alice, "GET", E + "/{id}/download", $"{E}/{id}/download");
        await Call(200, Staff, "GET", S + "/{id}/download", $"{S}/{id}/download");
        await Call(409, Staff, "POST", S + "/{id}/deactivate", $"{S}/{id}/deactivate");
        await Call(200, Alice, "POST", E + "/{id}/reactivate", $"{E}/{id}/reactivate");
        await Call(409, Alice, "POST", E + "/{id}/reactivate", $"{E}/{id}/reactivate");
        await Call(200, Alice, "GET", E + "/{id}", $"{E}/{id}");
        await Call(200, Staff, "GET", S + "/{id}", $"{S}/{id}");
        await Call(204, Alice, "DELETE", E + "/{id}", $"{E}/{id}");
        await Call(404, Alice, "DELETE", E + "/{id}", $"{E}/{id}");

        // Multipart create by staff; a protected image refuses deletion; data beyond the limit.
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Cloud.UniquePrefix("doc-form")), "name" },
            { new StringContent("raw"), "disk_format" },
            { new StringContent("true"), "protected" },
            { new StringContent(f.Cloud.Demo1.ProjectId), "owner" },
            { ActionFixture.Octets(data), "file", "disk.raw" },
        };
        var formId = await IdOf(await Call(201, Staff, "POST", S, S, content: form));
        f.Track(formId);
        await Call(409, Alice, "DELETE", E + "/{id}", $"{E}/{formId}");
        await Call(200, Staff, "PATCH", S + "/{id}", $"{S}/{formId}", new JsonObject { ["protected"] = false });
        await Call(204, Staff, "DELETE", S + "/{id}", $"{S}/{formId}");
        var queued = await IdOf(await Call(201, Alice, "POST", E, E, new JsonObject { ["name"] = Cloud.UniquePrefix("doc-big") }));
        f.Track(queued);
        await Call(413, Alice, "PUT", E + "/{id}/file", $"{E}/{queued}/file", content: ActionFixture.Octets(new byte[5 << 20]));

        // Import through Glance's web-download (accepted; Glance's own fetch then fails in the background).
        await Call(202, Alice, "POST", E + "/{id}/import", $"{E}/{queued}/import", new JsonObject { ["url"] = "http://127.0.0.1:9/nothing.raw" });

        // Sharing: the owner offers, the consumer answers, the owner withdraws.
        var shared = await f.NewImageAsync(f.Cloud.Demo1, "shared");
        var project = f.Cloud.Demo2.ProjectId;
        await Call(201, Alice, "POST", E + "/{id}/members", $"{E}/{shared}/members", new JsonObject { ["project"] = project });
        await Call(200, Alice, "GET", E + "/{id}/members", $"{E}/{shared}/members");
        await Call(200, Bob, "GET", E + "/{id}/get_member_status", $"{E}/{shared}/get_member_status");
        await Call(200, Bob, "POST", E + "/{id}/update_image_member_status", $"{E}/{shared}/update_image_member_status",
            new JsonObject { ["member_status"] = "accepted" });
        await Call(200, Bob, "GET", E + "/{id}", $"{E}/{shared}");
        await Call(204, Alice, "DELETE", E + "/{id}/members/{project}", $"{E}/{shared}/members/{project}");
        await Call(404, Alice, "DELETE", E + "/{id}/members/{project}", $"{E}/{shared}/members/{project}");

        // What staff see of it all.
        await f.Panel.SyncOkAsync(SyncKind.Full);
        await Call(200, Staff, "GET", "/backend/staffapi/openstack/sync", "/backend/staffapi/openstack/sync");
        await Call(200, Staff, "GET", "/backend/staffapi/activitylog", "/backend/staffapi/activitylog?page_size=50");
        await Call(200, Staff, "GET", S, S + "?page_size=100");
        await Call(200, ActionFixture.Rita, "GET", R, R + "?page_size=100");

        Assert.True(_problems.Count == 0, string.Join("\n", _problems));
    }
}
