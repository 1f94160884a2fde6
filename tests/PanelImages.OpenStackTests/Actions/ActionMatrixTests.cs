using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PanelImages.OpenStackTests.Infrastructure;
using static PanelImages.OpenStackTests.Infrastructure.SyncedPanel;

namespace PanelImages.OpenStackTests.Actions;

/// <summary>
/// Every action × caller × relationship, against the real Glance: the exact status, and for every refusal proof
/// that Glance was left as it was.
/// </summary>
public sealed class ActionMatrixTests(ActionFixture f) : IClassFixture<ActionFixture>
{
    private const string Lim = ActionFixture.Limited, Rita = ActionFixture.Rita;

    // Relationships: own (demo1's image, alice's client), accepted/pending (demo1's image shared with demo2),
    // other (demo1's private image), public (demo1's public image), sold (demo2's image, sold by rita).
    public static TheoryData<string, string, string, int> Matrix()
    {
        var data = new TheoryData<string, string, string, int>();
        foreach (var action in new[] { "update", "destroy", "deactivate", "reactivate", "upload" })
        {
            var ok = action is "destroy" or "upload" ? 204 : 200;
            data.Add(action, Alice, "own", ok);
            data.Add(action, Bob, "accepted", 403);
            data.Add(action, Bob, "pending", 403);
            data.Add(action, Bob, "other", 404);
            data.Add(action, Bob, "public", 403);
            data.Add(action, Staff, "other", ok);
            data.Add(action, Rita, "sold", ok);
            data.Add(action, Rita, "public", 403);
            data.Add(action, Rita, "other", 404);
            data.Add(action, Lim, "own", 403);
        }
        data.Add("download", Alice, "own", 200);
        data.Add("download", Bob, "accepted", 200);
        data.Add("download", Bob, "pending", 200);
        data.Add("download", Bob, "other", 404);
        data.Add("download", Bob, "public", 200);
        data.Add("download", Staff, "other", 200);
        data.Add("download", Rita, "sold", 200);
        data.Add("download", Rita, "public", 200);
        data.Add("download", Rita, "other", 404);
        data.Add("download", Lim, "own", 403);
        data.Add("add_member", Alice, "own", 201);
        data.Add("add_member", Bob, "accepted", 403);
        data.Add("add_member", Bob, "other", 404);
        data.Add("add_member", Lim, "own", 403);
        data.Add("add_member", Staff, "other", 201);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task ActionAnswersExactlyAndRefusalsLeaveGlanceUntouched(string action, string caller, string relationship, int expected)
    {
        var id = await ArrangeAsync(action, relationship);
        var before = (await f.GlanceImageAsync(id))!.Value;
        var (status, body, response) = await ActAsync(action, caller, id);
        Assert.True(status == expected, $"{action} by {caller} on {relationship}: expected {expected}, got {status} {body?.ToJsonString()}");
        var after = await f.GlanceImageAsync(id);

        if (expected >= 400)
        {
            Assert.NotNull(after);
            foreach (var field in new[] { "name", "status", "updated_at", "size", "visibility", "protected" })
                Assert.Equal(before.GetProperty(field).ToString(), after.Value.GetProperty(field).ToString());
            Assert.Empty(await MembersAsync(id, exceptFrom: before));
            Assert.False(string.IsNullOrEmpty((string?)body?["detail"]));
            return;
        }
        switch (action)
        {
            case "update":
                Assert.Equal("renamed-by-test", after!.Value.GetProperty("name").GetString());
                Assert.Equal("renamed-by-test", (string)body!["name"]!); // the response shows the new state at once
                break;
            case "destroy":
                Assert.Null(after);
                Assert.Equal("deleted", (string)(await f.Panel.StaffRetrieveAsync(id))!["status"]!);
                break;
            case "deactivate":
                Assert.Equal("deactivated", after!.Value.GetProperty("status").GetString());
                break;
            case "reactivate":
                Assert.Equal("active", after!.Value.GetProperty("status").GetString());
                break;
            case "upload":
                Assert.Equal("active", after!.Value.GetProperty("status").GetString());
                Assert.Equal(UploadBytes.Length, after.Value.GetProperty("size").GetInt64());
                break;
            case "download":
                Assert.Equal(Encoding.ASCII.GetBytes("image bytes " + id), await response.Content.ReadAsByteArrayAsync());
                break;
            case "add_member":
                Assert.Contains(f.Cloud.Demo2.ProjectId, await MembersAsync(id, exceptFrom: null));
                break;
        }
        if (action != "destroy" && action != "download")
            Assert.Equal(after!.Value.GetProperty("status").GetString(), (string)(await f.Panel.StaffRetrieveAsync(id))!["status"]!);
    }

    private static readonly byte[] UploadBytes = Encoding.ASCII.GetBytes(new string('x', 4096));

    private async Task<string> ArrangeAsync(string action, string relationship)
    {
        var owner = relationship == "sold" ? f.Cloud.Demo2 : f.Cloud.Demo1;
        var visibility = relationship switch
        {
            "public" => "public",
            "accepted" or "pending" => "shared",
            _ => action == "add_member" ? "shared" : "private",
        };
        var id = await f.NewImageAsync(owner, visibility, data: action == "upload" ? [] : null);
        if (relationship is "accepted" or "pending") await f.ShareAsync(id, f.Cloud.Demo2, relationship);
        if (action == "reactivate")
        {
            await f.Cloud.Admin.DeactivateAsync(id);
            await f.RefreshAsync(id);
        }
        return id;
    }

    private Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> ActAsync(string action, string caller, string id)
    {
        var url = $"{ActionFixture.Api(caller)}/{id}";
        return action switch
        {
            "update" => f.SendAsync(caller, HttpMethod.Patch, url, new JsonObject { ["name"] = "renamed-by-test" }),
            "destroy" => f.SendAsync(caller, HttpMethod.Delete, url),
            "deactivate" or "reactivate" => f.SendAsync(caller, HttpMethod.Post, $"{url}/{action}"),
            "upload" => f.SendAsync(caller, HttpMethod.Put, $"{url}/file", content: ActionFixture.Octets(UploadBytes)),
            "download" => f.SendAsync(caller, HttpMethod.Get, $"{url}/download"),
            "add_member" => f.SendAsync(caller, HttpMethod.Post, $"{url}/members", new JsonObject { ["project"] = f.Cloud.Demo2.ProjectId }),
            _ => throw new ArgumentException(action),
        };
    }

    /// <summary>Member projects Glance lists for the image, minus those that were there before the action.</summary>
    private async Task<List<string>> MembersAsync(string id, JsonElement? exceptFrom)
    {
        var visibility = (await f.GlanceImageAsync(id))?.GetProperty("visibility").GetString();
        if (visibility != "shared") return [];
        var members = (await f.Cloud.Admin.SendAsync(HttpMethod.Get, $"/v2/images/{id}/members")).GetProperty("members").EnumerateArray()
            .Select(m => m.GetProperty("member_id").GetString()!).ToList();
        return exceptFrom is null ? members : members.Where(m => m != f.Cloud.Demo2.ProjectId).ToList();
    }
}
