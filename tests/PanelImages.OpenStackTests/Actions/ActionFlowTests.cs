using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PanelImages.OpenStackTests.Infrastructure;
using static PanelImages.OpenStackTests.Infrastructure.SyncedPanel;

namespace PanelImages.OpenStackTests.Actions;

/// <summary>Whole flows through Glance: create, data in and out, sharing, state rules, limits and the audit trail.</summary>
public sealed class ActionFlowTests(ActionFixture f) : IClassFixture<ActionFixture>
{
    private const string EndUserApi = "/backend/api/openstack/images";
    private const string StaffApi = "/backend/staffapi/openstack/images";

    private async Task<string> CreateAsync(string token, JsonObject body, string api = EndUserApi)
    {
        var (status, created, response) = await f.SendAsync(token, HttpMethod.Post, api, body);
        Assert.True(status == 201, $"create: {status} {created?.ToJsonString()}");
        var id = (string)created!["id"]!;
        f.Track(id);
        Assert.Equal($"{api}/{id}", response.Headers.Location?.OriginalString);
        return id;
    }

    [Fact]
    public async Task EndUserCreatesUploadsAndDownloadsTheSameBytesWithRangeAndASafeFileName()
    {
        var name = Cloud.UniquePrefix("ünïcode \"quoted\"; name");
        var id = await CreateAsync(Alice, new JsonObject { ["name"] = name, ["disk_format"] = "qcow2", ["min_disk"] = 1, ["os_distro"] = "ubuntu", ["tags"] = new JsonArray("t1") });
        var glance = (await f.GlanceImageAsync(id))!.Value;
        Assert.Equal(f.Cloud.Demo1.ProjectId, glance.GetProperty("owner").GetString()); // owned by the caller's client project
        Assert.Equal("ubuntu", glance.GetProperty("os_distro").GetString());
        Assert.Equal("queued", (string)(await f.Panel.StaffRetrieveAsync(id))!["status"]!);

        var data = RandomNumberGenerator.GetBytes(3 << 20);
        var (upload, uploadBody, _) = await f.SendAsync(Alice, HttpMethod.Put, $"{EndUserApi}/{id}/file", content: ActionFixture.Octets(data));
        Assert.True(upload == 204, uploadBody?.ToJsonString());
        var listed = (await f.Panel.ListAsync(Alice, id)).Single();
        Assert.Equal("active", (string)listed["status"]!); // the catalogue took the change at once
        Assert.Equal(data.Length, (long)listed["size"]!);

        var (status, _, response) = await f.SendAsync(Alice, HttpMethod.Get, $"{EndUserApi}/{id}/download");
        Assert.Equal(200, status);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(await response.Content.ReadAsByteArrayAsync()));
        Assert.Equal(data.Length, response.Content.Headers.ContentLength);
        var disposition = response.Content.Headers.ContentDisposition!;
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal(name + ".qcow2", disposition.FileNameStar);
        Assert.Matches("^\"?[ -~]+\"?$", disposition.FileName!); // the fallback is plain ASCII
        Assert.DoesNotContain("\"", disposition.FileName!.Trim('"'));

        using var client = f.Panel.ClientWithToken(Alice);
        using var ranged = new HttpRequestMessage(HttpMethod.Get, $"{EndUserApi}/{id}/download");
        ranged.Headers.Range = new RangeHeaderValue(100, 199);
        using var part = await client.SendAsync(ranged);
        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(data[100..200], await part.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task MultipartCreateStreamsTheFileIntoTheNewImage()
    {
        var data = RandomNumberGenerator.GetBytes(1 << 20);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Cloud.UniquePrefix("multipart")), "name" },
            { new StringContent("raw"), "disk_format" },
            { new StringContent("2"), "min_disk" },
            { ActionFixture.Octets(data), "file", "disk.raw" },
        };
        var (status, body, _) = await f.SendAsync(Alice, HttpMethod.Post, EndUserApi, content: form);
        Assert.True(status == 201, body?.ToJsonString());
        var id = (string)body!["id"]!;
        f.Track(id);
        Assert.Equal("active", (string)body["status"]!);
        Assert.Equal(2, (int)body["min_disk"]!);
        var (_, _, download) = await f.SendAsync(Alice, HttpMethod.Get, $"{EndUserApi}/{id}/download");
        Assert.Equal(data, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AProtectedCreateWhoseDataFailsIsTakenBackAndAnswersTheDataError()
    {
        var name = Cloud.UniquePrefix("protected-too-big");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" },
            { new StringContent("raw"), "disk_format" },
            { new StringContent("true"), "protected" },
            { ActionFixture.Octets(new byte[(4 << 20) + 1]), "file", "disk.raw" },
        };
        var (status, body, _) = await f.SendAsync(Alice, HttpMethod.Post, EndUserApi, content: form);
        Assert.True(status == 413, $"{status} {body?.ToJsonString()}"); // not Glance's "protected, cannot be deleted"
        Assert.Empty(await f.Cloud.Admin.ListAllAsync($"&name={name}"));
        Assert.Empty(await f.Panel.ListAsync(Alice, name));
    }

    [Fact]
    public async Task UploadBeyondTheLimitIs413AndTheImageStaysQueued()
    {
        var id = await CreateAsync(Alice, new JsonObject { ["name"] = Cloud.UniquePrefix("big"), ["disk_format"] = "raw" });
        var (status, body, _) = await f.SendAsync(Alice, HttpMethod.Put, $"{EndUserApi}/{id}/file", content: ActionFixture.Octets(new byte[(4 << 20) + 1]));
        Assert.Equal(413, status);
        Assert.Contains("larger than", (string)body!["detail"]!);
        Assert.Equal("queued", (await f.GlanceImageAsync(id))!.Value.GetProperty("status").GetString());

        // Without a Content-Length the limit still holds while streaming.
        var chunked = new StreamContent(new MemoryStream(new byte[(4 << 20) + 4096]));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var client = f.Panel.ClientWithToken(Alice);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{EndUserApi}/{id}/file") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.NotEqual("active", (await f.GlanceImageAsync(id))!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ImportFromUrlIsDoneByGlanceWebDownload()
    {
        var data = RandomNumberGenerator.GetBytes(256 << 10);
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var requests = 0;
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); } catch { return; }
                Interlocked.Increment(ref requests);
                context.Response.ContentLength64 = data.Length;
                await context.Response.OutputStream.WriteAsync(data);
                context.Response.Close();
            }
        });
        var id = await CreateAsync(Alice, new JsonObject
        {
            ["name"] = Cloud.UniquePrefix("import"), ["disk_format"] = "raw", ["url"] = $"http://127.0.0.1:{port}/disk.raw",
        });
        string? status = null;
        for (var i = 0; i < 60 && status != "active"; i++)
        {
            await Task.Delay(500);
            status = (await f.GlanceImageAsync(id))!.Value.GetProperty("status").GetString();
        }
        Assert.Equal("active", status);
        Assert.True(requests >= 1); // Glance fetched it; this service never did (it only sent Glance the URL)
        await f.RefreshAsync(id);
        var (_, _, download) = await f.SendAsync(Alice, HttpMethod.Get, $"{EndUserApi}/{id}/download");
        Assert.Equal(data, await download.Content.ReadAsByteArrayAsync());
        listener.Stop();
        await serving;
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/x.raw")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    public async Task ImportRefusesUrlsThatAreNotHttp(string url)
    {
        var (status, body, _) = await f.SendAsync(Alice, HttpMethod.Post, EndUserApi,
            new JsonObject { ["name"] = Cloud.UniquePrefix("bad-url"), ["url"] = url });
        Assert.Equal(400, status);
        Assert.Contains("http or https", (string)body!["detail"]!);
    }

    [Fact]
    public async Task SharingFlowLetsTheConsumerAloneAcceptRejectAndAcceptAgain()
    {
        var id = await f.NewImageAsync(f.Cloud.Demo1, "shared");
        var (added, _, _) = await f.SendAsync(Alice, HttpMethod.Post, $"{EndUserApi}/{id}/members", new JsonObject { ["project"] = f.Cloud.Demo2.ProjectId });
        Assert.Equal(201, added);
        // As in Glance, a pending share stays out of the consumer's default list (no one pushes images into another
        // tenant's list unasked) and is listed when asked for.
        Assert.Empty(await f.Panel.ListAsync(Bob, id));
        var (offered, pending) = await f.Panel.GetAsync(Bob, $"{EndUserApi}?search={id}&filtering=member_status:pending");
        Assert.Equal(200, offered);
        Assert.Equal(id, (string)Assert.Single(pending!["objects"]!.AsArray())!["id"]!);
        Assert.Equal("pending", (string)(await f.Panel.GetAsync(Bob, $"{EndUserApi}/{id}/get_member_status")).Body!["status"]!);

        // Only the consumer answers: the owner is not a member, bob's answer goes through.
        Assert.Equal(404, (await f.SendAsync(Alice, HttpMethod.Post, $"{EndUserApi}/{id}/update_image_member_status", new JsonObject { ["member_status"] = "accepted" })).Status);
        Assert.Equal(403, (await f.SendAsync(Bob, HttpMethod.Post, $"{EndUserApi}/{id}/members", new JsonObject { ["project"] = "someone" })).Status);

        Assert.Equal(200, (await f.SendAsync(Bob, HttpMethod.Post, $"{EndUserApi}/{id}/update_image_member_status", new JsonObject { ["member_status"] = "rejected" })).Status);
        Assert.Empty(await f.Panel.ListAsync(Bob, id));
        Assert.Equal(404, (await f.Panel.GetAsync(Bob, $"{EndUserApi}/{id}")).Status);
        Assert.Equal("rejected", (string)(await f.Panel.GetAsync(Bob, $"{EndUserApi}/{id}/get_member_status")).Body!["status"]!);

        Assert.Equal(200, (await f.SendAsync(Bob, HttpMethod.Post, $"{EndUserApi}/{id}/update_image_member_status", new JsonObject { ["member_status"] = "accepted" })).Status);
        Assert.Single(await f.Panel.ListAsync(Bob, id));
        var members = (await f.Cloud.Admin.SendAsync(HttpMethod.Get, $"/v2/images/{id}/members")).GetProperty("members").EnumerateArray().ToList();
        Assert.Equal("accepted", Assert.Single(members).GetProperty("status").GetString());

        Assert.Equal(400, (await f.SendAsync(Bob, HttpMethod.Post, $"{EndUserApi}/{id}/update_image_member_status", new JsonObject { ["member_status"] = "maybe" })).Status);
        Assert.Equal(204, (await f.SendAsync(Alice, HttpMethod.Delete, $"{EndUserApi}/{id}/members/{f.Cloud.Demo2.ProjectId}")).Status);
        Assert.Empty(await f.Panel.ListAsync(Bob, id));
    }

    [Fact]
    public async Task ProtectedImageCannotBeDeletedUntilUnprotected()
    {
        var id = await f.NewImageAsync(f.Cloud.Demo1, isProtected: true);
        var (status, body, _) = await f.SendAsync(Alice, HttpMethod.Delete, $"{EndUserApi}/{id}");
        Assert.Equal(409, status);
        Assert.Equal("Can't delete protected image", (string)body!["detail"]!);
        Assert.NotNull(await f.GlanceImageAsync(id));

        Assert.Equal(200, (await f.SendAsync(Alice, HttpMethod.Patch, $"{EndUserApi}/{id}", new JsonObject { ["protected"] = false })).Status);
        Assert.Equal(204, (await f.SendAsync(Alice, HttpMethod.Delete, $"{EndUserApi}/{id}")).Status);
        Assert.Null(await f.GlanceImageAsync(id));
        Assert.Empty(await f.Panel.ListAsync(Alice, id)); // tombstoned at once
        var (_, deleted) = await f.Panel.GetAsync(Staff, $"{StaffApi}?filtering=status:deleted%2Bid:{id}");
        Assert.Equal(1, (int)deleted!["count"]!);
    }

    [Fact]
    public async Task IllegalStateTransitionsAre409AndDeactivatedDataIsForStaffOnly()
    {
        var id = await f.NewImageAsync(f.Cloud.Demo1);
        Assert.Equal(409, (await f.SendAsync(Alice, HttpMethod.Post, $"{EndUserApi}/{id}/reactivate")).Status);
        Assert.Equal(200, (await f.SendAsync(Alice, HttpMethod.Post, $"{EndUserApi}/{id}/deactivate")).Status);
        Assert.Equal("deactivated", (string)(await f.Panel.ListAsync(Alice, id)).Single()["status"]!);
        Assert.Equal(409, (await f.SendAsync(Alice, HttpMethod.Post, $"{EndUserApi}/{id}/deactivate")).Status);
        var (download, body, _) = await f.SendAsync(Alice, HttpMethod.Get, $"{EndUserApi}/{id}/download");
        Assert.Equal(403, download);
        Assert.Contains("deactivated", (string)body!["detail"]!);
        Assert.Equal(200, (await f.SendAsync(Staff, HttpMethod.Get, $"{StaffApi}/{id}/download")).Status);

        var queued = await f.NewImageAsync(f.Cloud.Demo1, data: []);
        Assert.Equal(409, (await f.SendAsync(Alice, HttpMethod.Post, $"{EndUserApi}/{queued}/deactivate")).Status);
        var (noData, noDataBody, _) = await f.SendAsync(Alice, HttpMethod.Get, $"{EndUserApi}/{queued}/download");
        Assert.Equal(409, noData);
        Assert.Contains("no data", (string)noDataBody!["detail"]!);
    }

    [Fact]
    public async Task EndUsersCannotCreatePublicImagesNorSetStaffOnlyFields()
    {
        var (status, body, _) = await f.SendAsync(Alice, HttpMethod.Post, EndUserApi, new JsonObject { ["name"] = "x", ["visibility"] = "public" });
        Assert.Equal(400, status);
        Assert.Contains("visibility", (string)body!["detail"]!);
        Assert.Equal(403, (await f.SendAsync(Alice, HttpMethod.Post, EndUserApi, new JsonObject { ["name"] = "x", ["owner"] = f.Cloud.Demo2.ProjectId })).Status);
        Assert.Equal(403, (await f.SendAsync(Alice, HttpMethod.Post, EndUserApi, new JsonObject { ["name"] = "x", ["properties"] = new JsonObject() })).Status);
        var id = await f.NewImageAsync(f.Cloud.Demo1);
        Assert.Equal(403, (await f.SendAsync(Alice, HttpMethod.Patch, $"{EndUserApi}/{id}", new JsonObject { ["os_hidden"] = true })).Status);
        Assert.Equal(400, (await f.SendAsync(Alice, HttpMethod.Patch, $"{EndUserApi}/{id}", new JsonObject { ["visibility"] = "public" })).Status);
        Assert.Equal("private", (await f.GlanceImageAsync(id))!.Value.GetProperty("visibility").GetString());
    }

    [Fact]
    public async Task StaffCreatesPublicImagesForAnyProjectWithFreeProperties()
    {
        var id = await CreateAsync(Staff, new JsonObject
        {
            ["name"] = Cloud.UniquePrefix("staff"), ["visibility"] = "public", ["owner"] = f.Cloud.Demo2.ProjectId,
            ["properties"] = new JsonObject { ["hw_disk_bus"] = "virtio", ["image_type"] = "snapshot" },
        }, StaffApi);
        var glance = (await f.GlanceImageAsync(id))!.Value;
        Assert.Equal("public", glance.GetProperty("visibility").GetString());
        Assert.Equal(f.Cloud.Demo2.ProjectId, glance.GetProperty("owner").GetString());
        Assert.Equal("virtio", glance.GetProperty("hw_disk_bus").GetString());
        var staffView = (await f.Panel.StaffRetrieveAsync(id))!;
        Assert.Equal("snapshot", (string)staffView["type"]!);
        Assert.Equal(ClientDemo2, (int)staffView["client"]!["id"]!);
    }

    [Theory]
    [InlineData("{\"name\": 5}", "\"name\" must be a string")]
    [InlineData("{\"name\": \"NAME\", \"min_disk\": -1}", "\"min_disk\" must be an integer")]
    [InlineData("{\"name\": \"NAME\", \"disk_format\": \"exe\"}", "\"disk_format\": \"exe\" is not one of")]
    [InlineData("{\"name\": \"NAME\", \"hypervisor_type\": \"bhyve\"}", "\"hypervisor_type\"")]
    [InlineData("{\"name\": \"NAME\", \"region\": \"Nowhere\"}", "Unknown region \"Nowhere\"")]
    [InlineData("{\"name\": \"NAME\", \"colour\": \"blue\"}", "Unknown field \"colour\"")]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("{\"name\": ", "not valid JSON")]
    public async Task MalformedCreateBodiesAre400NamingTheProblemAndCreateNothing(string json, string detail)
    {
        var name = Cloud.UniquePrefix("malformed");
        var (status, body, _) = await f.SendAsync(Alice, HttpMethod.Post, EndUserApi,
            content: new StringContent(json.Replace("NAME", name), Encoding.UTF8, "application/json"));
        Assert.Equal(400, status);
        Assert.Contains(detail, (string)body!["detail"]!);
        Assert.Empty(await f.Cloud.Admin.ListAllAsync($"&name={name}"));
    }

    [Fact]
    public async Task PropertiesMustBeAsciiAndCannotShadowFields()
    {
        var id = await f.NewImageAsync(f.Cloud.Demo1);
        var (status, body, _) = await f.SendAsync(Alice, HttpMethod.Patch, $"{EndUserApi}/{id}", new JsonObject { ["properties"] = new JsonObject { ["note"] = "naïve" } });
        Assert.Equal(400, status);
        Assert.Contains("ASCII", (string)body!["detail"]!);
        Assert.Equal(400, (await f.SendAsync(Alice, HttpMethod.Patch, $"{EndUserApi}/{id}", new JsonObject { ["properties"] = new JsonObject { ["protected"] = "true" } })).Status);
        var (ok, updated, _) = await f.SendAsync(Alice, HttpMethod.Patch, $"{EndUserApi}/{id}", new JsonObject { ["properties"] = new JsonObject { ["note"] = "plain" }, ["os_version"] = "24.04.1-long-version-string" });
        Assert.Equal(200, ok);
        Assert.Equal("plain", (string)updated!["properties"]!["note"]!);
        Assert.Equal("24.04.1-long-version-string", (string)updated["os_version"]!);
        var (removed, afterRemoval, _) = await f.SendAsync(Alice, HttpMethod.Patch, $"{EndUserApi}/{id}", new JsonObject { ["properties"] = new JsonObject { ["note"] = null } });
        Assert.Equal(200, removed);
        Assert.False(afterRemoval!["properties"]!.AsObject().ContainsKey("note"));
        Assert.False((await f.GlanceImageAsync(id))!.Value.TryGetProperty("note", out _));
    }

    [Fact]
    public async Task CreateOptionsOfferWhatTheCallerMayChoose()
    {
        var (_, endUser) = await f.Panel.GetAsync(Alice, $"{EndUserApi}/create_options");
        Assert.Equal(["private", "shared", "community"], endUser!["visibilities"]!.AsArray().Select(v => (string)v!));
        Assert.Contains("RegionOne", endUser["regions"]!.AsArray().Select(r => (string)r!["id"]!));
        Assert.Equal(4 << 20, (long)endUser["max_upload_bytes"]!);
        var (_, staff) = await f.Panel.GetAsync(Staff, $"{StaffApi}/create_options");
        Assert.Contains("public", staff!["visibilities"]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public async Task EveryMutatingActionLandsInTheActivityLogWithItsOutcome()
    {
        var id = await f.NewImageAsync(f.Cloud.Demo1);
        await f.SendAsync(Alice, HttpMethod.Patch, $"{EndUserApi}/{id}", new JsonObject { ["name"] = "audited" });
        await f.SendAsync(Bob, HttpMethod.Delete, $"{EndUserApi}/{id}"); // invisible to bob: 404, still recorded
        await f.SendAsync(ActionFixture.Limited, HttpMethod.Delete, $"{EndUserApi}/{id}"); // permission denied: 403
        JsonArray entries = [];
        for (var i = 0; i < 20 && entries.Count < 3; i++) // written once each response completes
        {
            await Task.Delay(100);
            var (status, log) = await f.Panel.GetAsync(Staff, $"/backend/staffapi/activitylog?filtering=image:{id}&ordering=at");
            Assert.Equal(200, status);
            entries = log!["objects"]!.AsArray();
        }
        Assert.Equal(["update:success:200:alice", "destroy:failure:404:bob", "destroy:failure:403:lim"],
            entries.Select(e => $"{e!["action"]}:{e["outcome"]}:{e["status_code"]}:{e["user"]!["username"]}"));
        Assert.Equal("RegionOne", (string)entries[0]!["region"]!);
        Assert.Equal(ClientDemo1, (int)entries[0]!["client"]!);
        Assert.Equal(403, (await f.Panel.GetAsync(Alice, "/backend/staffapi/activitylog")).Status);
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
