using System.Net.Http.Headers;
using System.Text;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.OpenApi;

/// <summary>
/// Real calls to the real app (no cloud configured, so actions that reach Glance answer 503; the OpenStack tests do
/// the same check against a real Glance) for every route, every audience, success and error statuses; each response
/// must be what /openapi/v1.json says that path, method and status answer. The calls of instances, flavors,
/// projects, cleanup, events, sign-in and the health probes are in DocumentedResponsesTests.Resources.cs.
/// </summary>
public sealed partial class DocumentedResponsesTests(DocumentedWorld world) : IClassFixture<DocumentedWorld>
{
    private const string E = "/backend/api/openstack/images", S = "/backend/staffapi/openstack/images", R = "/backend/resellerapi/openstack/images";

    public sealed record Call(int Status, string Token, string Method, string Path, string Url, string? Json = null, HttpContent? Content = null);

    private static readonly Dictionary<string, Call> Calls = new Dictionary<string, Call>
    {
        // Lists and one image, per audience.
        ["end user lists"] = new(200, Alice, "GET", E, E),
        ["end user lists public images"] = new(200, Alice, "GET", E, E + "?filtering=visibility:public&page_size=2&page=2"),
        ["staff lists"] = new(200, Staff, "GET", S, S + "?ordering=-size&page_size=3"),
        ["reseller lists"] = new(200, Reseller, "GET", R, R),
        ["unknown list parameter"] = new(400, Alice, "GET", E, E + "?colour=blue"),
        ["page beyond the last"] = new(404, Staff, "GET", S, S + "?page=99"),
        ["no token"] = new(401, null!, "GET", E, E),
        ["revoked token"] = new(401, Revoked, "GET", E, E),
        ["another audience's API"] = new(403, Alice, "GET", S, S),
        ["list denied"] = new(403, Limited, "GET", E, E),
        ["end user exports"] = new(200, Alice, "GET", E + "/export.csv", E + "/export.csv?filtering=visibility:public"),
        ["staff exports"] = new(200, Staff, "GET", S + "/export.csv", S + "/export.csv?ordering=-size"),
        ["reseller exports"] = new(200, Reseller, "GET", R + "/export.csv", R + "/export.csv"),
        ["export with a page"] = new(400, Alice, "GET", E + "/export.csv", E + "/export.csv?page=2"),
        ["export without a token"] = new(401, null!, "GET", R + "/export.csv", R + "/export.csv"),
        ["export denied"] = new(403, Limited, "GET", E + "/export.csv", E + "/export.csv"),
        ["end user facets"] = new(200, Alice, "GET", E + "/facets", E + "/facets?facet=visibility&search=p"),
        ["staff facets"] = new(200, Staff, "GET", S + "/facets", S + "/facets?facet=status&filtering=visibility:private"),
        ["reseller facets"] = new(200, Reseller, "GET", R + "/facets", R + "/facets?facet=protected"),
        ["facets of no field"] = new(400, Alice, "GET", E + "/facets", E + "/facets?facet=name"),
        ["facets without a token"] = new(401, null!, "GET", S + "/facets", S + "/facets?facet=type"),
        ["facets denied"] = new(403, Limited, "GET", E + "/facets", E + "/facets?facet=type"),
        ["end user retrieves"] = new(200, Alice, "GET", E + "/{id}", E + "/pa-private"),
        ["end user retrieves a shared image"] = new(200, Alice, "GET", E + "/{id}", E + "/pb-shared"),
        ["staff retrieves"] = new(200, Staff, "GET", S + "/{id}", S + "/pd-private?region=r1"),
        ["reseller retrieves"] = new(200, Reseller, "GET", R + "/{id}", R + "/pc-private"),
        ["another tenant's private image"] = new(404, Alice, "GET", E + "/{id}", E + "/pd-private"),
        ["retrieve with an unknown parameter"] = new(400, Alice, "GET", E + "/{id}", E + "/pa-private?x=1"),
        ["retrieve denied"] = new(403, Limited, "GET", E + "/{id}", E + "/pa-private"),
        ["end user permissions"] = new(200, Limited, "GET", E + "/permissions", E + "/permissions"),
        ["staff permissions"] = new(200, Staff, "GET", S + "/permissions", S + "/permissions"),
        ["reseller permissions"] = new(200, Reseller, "GET", R + "/permissions", R + "/permissions"),
        ["permissions take no parameter"] = new(400, Alice, "GET", E + "/permissions", E + "/permissions?x=1"),
        ["end user create options"] = new(200, Alice, "GET", E + "/create_options", E + "/create_options"),
        ["staff create options"] = new(200, Staff, "GET", S + "/create_options", S + "/create_options"),
        ["reseller create options"] = new(200, Reseller, "GET", R + "/create_options", R + "/create_options"),
        // Usage: its own 400s, then Keystone (absent: 503); the 200 is called against the real cloud.
        ["usage without a cloud"] = new(503, Alice, "GET", E + "/usage", E + "/usage"),
        ["staff usage without a cloud"] = new(503, Staff, "GET", S + "/usage", S + "/usage?client=1"),
        ["reseller usage without a cloud"] = new(503, Reseller, "GET", R + "/usage", R + "/usage"),
        ["staff usage names a client"] = new(400, Staff, "GET", S + "/usage", S + "/usage"),
        ["usage of another client"] = new(400, Alice, "GET", E + "/usage", E + "/usage?client=999"),
        ["usage client not a number"] = new(400, Alice, "GET", E + "/usage", E + "/usage?client=1%27%20or%201=1"),
        ["usage client twice"] = new(400, Reseller, "GET", R + "/usage", R + "/usage?client=1&client=2"),
        ["usage region too long"] = new(400, Alice, "GET", E + "/usage", E + "/usage?region=" + new string('r', 65)),
        ["usage unknown parameter"] = new(400, Alice, "GET", E + "/usage", E + "/usage?project=x"),

        // Create: everything this service decides before Glance, then Glance (absent: 503).
        ["create without a cloud"] = new(503, Alice, "POST", E, E, """{"name": "n"}"""),
        ["create with an unknown field"] = new(400, Staff, "POST", S, S, """{"colour": "blue"}"""),
        ["end user sets a staff-only field"] = new(403, Alice, "POST", E, E, """{"owner": "pd"}"""),
        ["create from text"] = new(415, Reseller, "POST", R, R, Content: new StringContent("name=n")),
        ["multipart create with an unknown field"] = new(400, Alice, "POST", E, E, Content: Form(("colour", "blue"))),
        ["multipart create without a cloud"] = new(503, Staff, "POST", S, S, Content: Form(("name", "n"), ("tags", "a,b"))),
        ["limited user creates without a cloud"] = new(503, Limited, "POST", E, E, """{"name": "n"}"""),

        // Changes.
        ["end user updates"] = new(503, Alice, "PATCH", E + "/{id}", E + "/pa-shared", """{"name": "n", "properties": {"k": null}}"""),
        ["staff updates"] = new(503, Staff, "PUT", S + "/{id}", S + "/pd-private", """{"os_hidden": true, "owner": "pa"}"""),
        ["reseller updates with a wrong type"] = new(400, Reseller, "PATCH", R + "/{id}", R + "/pc-private", """{"name": 1}"""),
        ["update with nothing"] = new(400, Alice, "PUT", E + "/{id}", E + "/pa-shared", "{}"),
        ["update from text"] = new(415, Alice, "PATCH", E + "/{id}", E + "/pa-shared", Content: new StringContent("n")),
        ["update another client's shared image"] = new(403, Alice, "PATCH", E + "/{id}", E + "/pb-shared", """{"name": "n"}"""),
        ["update an invisible image"] = new(404, Bob, "PUT", E + "/{id}", E + "/pa-private", """{"name": "n"}"""),
        ["delete a protected image"] = new(409, Alice, "DELETE", E + "/{id}", E + "/pa-private"),
        ["delete without a cloud"] = new(503, Staff, "DELETE", S + "/{id}", S + "/pd-private"),
        ["delete denied"] = new(403, Limited, "DELETE", E + "/{id}", E + "/pa-shared"),
        ["reseller deletes an image it does not manage"] = new(403, Reseller, "DELETE", R + "/{id}", R + "/pd-public"),
        ["deactivate without a cloud"] = new(503, Alice, "POST", E + "/{id}/deactivate", E + "/pa-shared/deactivate"),
        ["deactivate another client's image"] = new(403, Alice, "POST", E + "/{id}/deactivate", E + "/pb-shared/deactivate"),
        ["staff reactivates"] = new(503, Staff, "POST", S + "/{id}/reactivate", S + "/pb-private/reactivate"),
        ["end user reactivates without a cloud"] = new(503, Alice, "POST", E + "/{id}/reactivate", E + "/pa-shared/reactivate"),
        ["staff makes an image public"] = new(503, Staff, "PATCH", S + "/{id}", S + "/pd-private", """{"visibility": "public"}"""),
        ["staff deactivates"] = new(503, Staff, "POST", S + "/{id}/deactivate", S + "/pd-private/deactivate"),
        ["reseller updates an attributed image"] = new(503, Reseller, "PUT", R + "/{id}", R + "/pd-resold", """{"tags": ["t"]}"""),
        ["reseller deactivates an image it does not manage"] = new(403, Reseller, "POST", R + "/{id}/deactivate", R + "/pd-public/deactivate"),
        ["reseller reactivates an invisible image"] = new(404, Reseller, "POST", R + "/{id}/reactivate", R + "/pa-private/reactivate"),

        // Data.
        ["download without a cloud"] = new(503, Alice, "GET", E + "/{id}/download", E + "/pa-shared/download"),
        ["download an invisible image"] = new(404, Reseller, "GET", R + "/{id}/download", R + "/pa-private/download"),
        ["upload to an active image"] = new(409, Alice, "PUT", E + "/{id}/file", E + "/pa-shared/file", Content: Octets(16)),
        ["staff downloads without a cloud"] = new(503, Staff, "GET", S + "/{id}/download", S + "/pd-private/download"),
        ["reseller uploads to an active image"] = new(409, Reseller, "PUT", R + "/{id}/file", R + "/pc-private/file", Content: Octets(16)),
        ["limited user uploads to an active image"] = new(409, Limited, "PUT", E + "/{id}/file", E + "/pa-shared/file", Content: Octets(16)),
        ["staff uploads to an invisible image"] = new(404, Staff, "PUT", S + "/{id}/file", S + "/no-such-image/file", Content: Octets(16)),
        ["import from ftp"] = new(400, Alice, "POST", E + "/{id}/import", E + "/pa-shared/import", """{"url": "ftp://example.com/x"}"""),
        ["import without a cloud"] = new(503, Staff, "POST", S + "/{id}/import", S + "/pd-private/import", """{"url": "https://example.com/x.img"}"""),
        ["reseller imports from text"] = new(415, Reseller, "POST", R + "/{id}/import", R + "/pc-private/import", Content: new StringContent("u")),

        // Sharing.
        ["owner lists members"] = new(200, Alice, "GET", E + "/{id}/members", E + "/pa-shared/members"),
        ["staff lists members"] = new(200, Staff, "GET", S + "/{id}/members", S + "/pd-shared/members"),
        ["reseller lists members"] = new(200, Reseller, "GET", R + "/{id}/members", R + "/pc-shared/members"),
        ["consumer lists members"] = new(403, Bob, "GET", E + "/{id}/members", E + "/pa-shared/members"),
        ["share a private image"] = new(409, Alice, "POST", E + "/{id}/members", E + "/pa-private/members", """{"project": "pd"}"""),
        ["share with the owner"] = new(400, Alice, "POST", E + "/{id}/members", E + "/pa-shared/members", """{"project": "pa"}"""),
        ["share without a cloud"] = new(503, Staff, "POST", S + "/{id}/members", S + "/pd-shared/members", """{"project": "pa"}"""),
        ["reseller shares from text"] = new(415, Reseller, "POST", R + "/{id}/members", R + "/pc-shared/members", Content: new StringContent("p")),
        ["unshare without a cloud"] = new(503, Alice, "DELETE", E + "/{id}/members/{project}", E + "/pa-shared/members/pb"),
        ["consumer unshares"] = new(403, Bob, "DELETE", E + "/{id}/members/{project}", E + "/pa-shared/members/pb"),
        ["staff unshares an unknown image"] = new(404, Staff, "DELETE", S + "/{id}/members/{project}", S + "/nothing/members/pb"),
        ["reseller unshares"] = new(503, Reseller, "DELETE", R + "/{id}/members/{project}", R + "/pc-shared/members/pa"),
        ["pending member status"] = new(200, Alice, "GET", E + "/{id}/get_member_status", E + "/pc-shared/get_member_status"),
        ["rejected member status"] = new(200, Alice, "GET", E + "/{id}/get_member_status", E + "/pd-shared/get_member_status"),
        ["staff has no membership"] = new(404, Staff, "GET", S + "/{id}/get_member_status", S + "/pc-shared/get_member_status"),
        ["reseller's client's membership status"] = new(200, Reseller, "GET", R + "/{id}/get_member_status", R + "/pa-shared/get_member_status"),
        ["answer a share with nonsense"] = new(400, Alice, "POST", E + "/{id}/update_image_member_status",
            E + "/pc-shared/update_image_member_status", """{"member_status": "maybe"}"""),
        ["accept a share without a cloud"] = new(503, Alice, "POST", E + "/{id}/update_image_member_status",
            E + "/pc-shared/update_image_member_status", """{"member_status": "accepted"}"""),
        ["staff answers a share"] = new(404, Staff, "POST", S + "/{id}/update_image_member_status",
            S + "/pc-shared/update_image_member_status", """{"member_status": "accepted"}"""),
        ["reseller answers a share from text"] = new(415, Reseller, "POST", R + "/{id}/update_image_member_status",
            R + "/pa-shared/update_image_member_status", Content: new StringContent("accepted")),

        // Staff views and health.
        ["sync status"] = new(200, Staff, "GET", "/backend/staffapi/openstack/sync", "/backend/staffapi/openstack/sync"),
        ["sync status for an end user"] = new(403, Alice, "GET", "/backend/staffapi/openstack/sync", "/backend/staffapi/openstack/sync"),
        ["activity log"] = new(200, Staff, "GET", "/backend/staffapi/activitylog", "/backend/staffapi/activitylog?ordering=-at&page_size=5"),
        ["activity log with a bad filter"] = new(400, Staff, "GET", "/backend/staffapi/activitylog", "/backend/staffapi/activitylog?filtering=colour:blue"),
        ["activity log beyond the last page"] = new(404, Staff, "GET", "/backend/staffapi/activitylog", "/backend/staffapi/activitylog?page=999"),
        ["activity log for a reseller"] = new(403, Reseller, "GET", "/backend/staffapi/activitylog", "/backend/staffapi/activitylog"),
        ["health"] = new(200, null!, "GET", "/healthz", "/healthz"),
    }.Concat(ResourceCalls()).ToDictionary();

    public static TheoryData<string> CallNames => new(Calls.Keys);

    [Theory]
    [MemberData(nameof(CallNames))]
    public async Task ResponseIsWhatTheDocumentSaysForItsStatus(string name)
    {
        var call = Calls[name];
        using var client = world.App.ClientWithToken(call.Token);
        var contract = await OpenApiContract.LoadAsync(client);
        using var request = new HttpRequestMessage(new HttpMethod(call.Method), call.Url)
        {
            Content = call.Json is null ? call.Content : new StringContent(call.Json, Encoding.UTF8, "application/json"),
        };
        using var response = await client.SendAsync(request);
        var problems = await contract.ProblemsAsync(call.Method, call.Path, response);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(call.Status, (int)response.StatusCode);
    }

    /// <summary>Every route but sign-in's own and the staff sessions', which have tests of their own.</summary>
    private static bool Covered(string path) =>
        !(path.StartsWith("/backend/auth/") && path != "/backend/auth/login") && !path.StartsWith("/backend/staffapi/sessions");

    [Fact]
    public async Task EveryDocumentedOperationIsCalled()
    {
        using var client = world.App.ClientWithToken(null);
        var contract = await OpenApiContract.LoadAsync(client);
        var called = Calls.Values.Select(c => (c.Method, c.Path)).ToHashSet();
        var uncalled = contract.Operations().Where(o => Covered(o.Path) && !called.Contains(o)).Select(o => $"{o.Method} {o.Path}").ToList();
        Assert.True(uncalled.Count == 0, "No call here exercises: " + string.Join(", ", uncalled));
    }

    [Fact]
    public async Task ContractRejectsWhatTheDocumentDoesNotSay()
    {
        using var client = world.App.ClientWithToken(Alice);
        var contract = await OpenApiContract.LoadAsync(client);
        var good = await client.GetByteArrayAsync(E + "/pa-private");
        Assert.Empty(contract.Problems("GET", E + "/{id}", 200, "application/json", good, _ => true));

        var image = System.Text.Json.Nodes.JsonNode.Parse(good)!.AsObject();
        image["owner"] = "pa"; // a staff field in the end user's shape
        Assert.NotEmpty(Check(image));
        image.Remove("owner");
        image.Remove("region");
        Assert.NotEmpty(Check(image));
        image["region"] = 7;
        Assert.NotEmpty(Check(image));
        image["region"] = "r1";
        image["created_at"] = "yesterday";
        Assert.NotEmpty(Check(image));
        Assert.Contains("not documented", Assert.Single(contract.Problems("GET", E + "/{id}", 500, "application/json", good, _ => true)));
        Assert.NotEmpty(contract.Problems("DELETE", E + "/{id}", 204, "application/json", good, _ => true));
        Assert.NotEmpty(contract.Problems("POST", E, 201, "application/json", good, _ => false)); // no Location
        return;

        List<string> Check(System.Text.Json.Nodes.JsonObject body) =>
            contract.Problems("GET", E + "/{id}", 200, "application/json", Encoding.UTF8.GetBytes(body.ToJsonString()), _ => true);
    }

    private static MultipartFormDataContent Form(params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        var file = new ByteArrayContent(new byte[16]);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "disk.img");
        return form;
    }

    private static ByteArrayContent Octets(int length)
    {
        var content = new ByteArrayContent(new byte[length]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }
}
