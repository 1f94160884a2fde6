using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PanelImages.Catalog;
using PanelImages.OpenStackTests.Infrastructure;
using static PanelImages.OpenStackTests.Infrastructure.SyncedPanel;

namespace PanelImages.OpenStackTests.Actions;

/// <summary>
/// GET {images}/usage on the real cloud: the catalogue's count and size against Keystone's unified limits, which
/// Glance enforces (up.sh) for the project of the token - the panel's service project when it creates a customer's
/// image, so the create route checks the customer's image_count_total itself. A project limit is set only on a throw-away project, never on demo1/demo2 that other
/// tests share: a small limit there would make their creates fail.
/// </summary>
public sealed class UsageTests(ActionFixture f) : IClassFixture<ActionFixture>
{
    private const string StaffApi = "/backend/staffapi/openstack/images";
    private const int QuotaClient = 3;

    [Fact]
    public async Task EndUserSeesTheCataloguesCountAndSizeAndTheRegisteredLimitOfOnlyTheirProject()
    {
        await f.NewImageAsync(f.Cloud.Demo1, data: new byte[3 << 20]);
        var (status, body, _) = await f.SendAsync(Alice, HttpMethod.Get, "/backend/api/openstack/images/usage");
        Assert.True(status == 200, body?.ToJsonString());
        var row = Assert.Single(body!["regions"]!.AsArray())!;
        Assert.Equal(f.Cloud.Demo1.ProjectId, (string)row["project"]!);
        Assert.Equal("RegionOne", (string)row["region"]!);
        var images = await f.Panel.WithDbAsync(async db => await Task.FromResult(db.Images
            .Where(i => i.Owner == f.Cloud.Demo1.ProjectId && i.Status != "killed" && i.Status != "deleted").ToList()));
        Assert.Equal(images.Count, (long)row["images"]!["used"]!);
        Assert.Equal(images.Sum(i => i.Size ?? 0) / (1 << 20), (long)row["size_mib"]!["used"]!);
        Assert.True((long)row["size_mib"]!["used"]! >= 3);
        Assert.Equal(100000, (long)row["images"]!["limit"]!); // the registered default of up.sh
        Assert.Equal(10L << 20, (long)row["size_mib"]!["limit"]!);
        Assert.DoesNotContain(f.Cloud.Demo2.ProjectId, body.ToJsonString()); // never another tenant's project

        var (other, detail, _) = await f.SendAsync(Alice, HttpMethod.Get, $"/backend/api/openstack/images/usage?client={ClientDemo2}");
        Assert.Equal(400, other);
        Assert.DoesNotContain(f.Cloud.Demo2.ProjectId, detail!.ToJsonString());
        Assert.NotNull(detail["detail"]);
    }

    [Fact]
    public async Task AProjectLimitInKeystoneShowsAndGlanceEnforcesItThroughTheCreateRoute()
    {
        using var keystone = new HttpClient { BaseAddress = new Uri(f.Cloud.AuthUrl.TrimEnd('/') + "/") };
        keystone.DefaultRequestHeaders.Add("X-Auth-Token", f.Cloud.Admin.Token);
        var projectName = Cloud.UniquePrefix("quota");
        var project = await PostAsync(keystone, "projects", "project",
            new JsonObject { ["project"] = new JsonObject { ["name"] = projectName, ["domain_id"] = "default" } });
        string? limit = null, user = null;
        try
        {
            var services = await keystone.GetFromJsonAsync<JsonElement>("services?type=image");
            var service = services.GetProperty("services")[0].GetProperty("id").GetString()!;
            var limits = await PostAsync(keystone, "limits", "limits", new JsonObject
            {
                ["limits"] = new JsonArray(new JsonObject
                {
                    ["project_id"] = project, ["service_id"] = service, ["region_id"] = "RegionOne",
                    ["resource_name"] = "image_count_total", ["resource_limit"] = 1,
                }),
            });
            limit = limits;
            await f.Panel.WithDbAsync(db =>
            {
                db.Clients.Add(new Client { Id = QuotaClient, Name = "Quota" });
                db.Projects.Add(new Project { Id = project, ClientId = QuotaClient });
                return db.SaveChangesAsync();
            });

            var body = new JsonObject { ["name"] = Cloud.UniquePrefix("quota"), ["owner"] = project, ["region"] = "RegionOne" };
            var (first, created, _) = await f.SendAsync(Staff, HttpMethod.Post, StaffApi, body);
            Assert.True(first == 201, created?.ToJsonString());
            f.Track((string)created!["id"]!);
            body["name"] = Cloud.UniquePrefix("quota");
            var (second, refused, _) = await f.SendAsync(Staff, HttpMethod.Post, StaffApi, body);
            Assert.True(second is >= 400 and < 500, $"{second} {refused?.ToJsonString()}");
            Assert.Contains("image_count_total", (string)refused!["detail"]!);

            // Glance itself, asked with a token of that project (what it counts against), refuses the second image.
            var name = Cloud.UniquePrefix("quota");
            user = await PostAsync(keystone, "users", "user", new JsonObject
            {
                ["user"] = new JsonObject { ["name"] = name, ["password"] = "quota-secret", ["domain_id"] = "default", ["default_project_id"] = project },
            });
            var roles = await keystone.GetFromJsonAsync<JsonElement>("roles?name=member");
            var member = roles.GetProperty("roles")[0].GetProperty("id").GetString();
            (await keystone.PutAsync($"projects/{project}/users/{user}/roles/{member}", null)).EnsureSuccessStatusCode();
            var session = await Cloud.Session.OpenAsync(new PanelImages.OpenStack.OpenStackOptions
            {
                AuthUrl = f.Cloud.AuthUrl, Username = name, Password = "quota-secret", ProjectName = projectName,
                UserDomainName = "Default", ProjectDomainName = "Default",
            });
            var direct = await session.SendAsync(HttpMethod.Post, "/v2/images", new JsonObject { ["name"] = name },
                ok: [System.Net.HttpStatusCode.RequestEntityTooLarge]);
            Assert.NotEqual(JsonValueKind.Object, direct.ValueKind); // 413, not a new image

            var (status, usage, _) = await f.SendAsync(Staff, HttpMethod.Get, $"{StaffApi}/usage?client={QuotaClient}");
            Assert.True(status == 200, usage?.ToJsonString());
            var row = Assert.Single(usage!["regions"]!.AsArray())!;
            Assert.Equal(project, (string)row["project"]!);
            Assert.Equal(1, (long)row["images"]!["used"]!);
            Assert.Equal(1, (long)row["images"]!["limit"]!);   // the project limit over the default
            Assert.Equal(1000, (long)row["uploading"]!["limit"]!); // the registered default still
        }
        finally
        {
            if (limit is not null) await keystone.DeleteAsync($"limits/{limit}");
            if (user is not null) await keystone.DeleteAsync($"users/{user}");
            await keystone.DeleteAsync($"projects/{project}");
        }
    }

    /// <summary>POSTs to Keystone and returns the id of what it made (the first of a list).</summary>
    private static async Task<string> PostAsync(HttpClient keystone, string path, string member, JsonObject body)
    {
        using var response = await keystone.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"keystone POST {path}: {(int)response.StatusCode} {text}");
        var made = JsonDocument.Parse(text).RootElement.GetProperty(member);
        return (made.ValueKind == JsonValueKind.Array ? made[0] : made).GetProperty("id").GetString()!;
    }
}
