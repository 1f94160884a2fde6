using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;
using PanelImages.OpenStackTests.Infrastructure;

namespace PanelImages.OpenStackTests.Nova;

/// <summary>Keystone projects synced for real and mapped to clients by the configured rule; images follow.</summary>
public sealed class ProjectMappingTests(NovaFixture nova) : IClassFixture<NovaFixture>, IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private readonly List<string> _projects = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var id in _projects)
            try
            {
                await KeystoneAsync(HttpMethod.Patch, $"/projects/{id}", new JsonObject { ["project"] = new JsonObject { ["enabled"] = false } });
                await KeystoneAsync(HttpMethod.Delete, $"/projects/{id}");
            }
            catch (InvalidOperationException) { /* best effort: names start with ost- */ }
    }

    [Fact]
    public async Task ProjectNamedAfterAClientIsMappedByNameAndItsImagesFollowTheMapping()
    {
        var clientId = Random.Shared.Next(700_000_000, 799_999_999);
        var project = await NewProjectAsync(clientId.ToString());
        var image = await nova.NewImageAsync(new Cloud.Session { Token = "", ProjectId = project, GlanceUrl = "", Options = new() });
        await nova.SyncAllAsync();

        // No client of that id yet: listed as unmapped, with the reason; its image has no client.
        var (_, unmapped) = await nova.Panel.GetAsync(SyncedPanel.Staff, "/backend/staffapi/openstack/projects?mapped=false");
        var row = unmapped!["objects"]!.AsArray().Single(p => (string?)p!["id"] == project)!;
        Assert.Contains("not a known client", (string?)row["unmapped_reason"]);
        Assert.Null((await nova.RetrieveAsync(SyncedPanel.Staff, "staffapi", image))!["client"]);

        await nova.Panel.WithDbAsync(async db =>
        {
            db.Clients.Add(new Client { Id = clientId, Name = "Mapped by name" });
            return await db.SaveChangesAsync();
        });
        await nova.NovaSyncOkAsync(); // the rule runs again over the synced projects
        var (_, mapped) = await nova.Panel.GetAsync(SyncedPanel.Staff, "/backend/staffapi/openstack/projects?mapped=true");
        var now = mapped!["objects"]!.AsArray().Single(p => (string?)p!["id"] == project)!;
        Assert.Equal(clientId, (int?)now["client"]);
        Assert.Equal("name", (string?)now["mapped_by"]);
        Assert.Equal(clientId, (int?)(await nova.RetrieveAsync(SyncedPanel.Staff, "staffapi", image))!["client"]?["id"]);

        // Renamed in Keystone so that the rule no longer holds: the rule-made mapping goes, the image has no client again.
        await KeystoneAsync(HttpMethod.Patch, $"/projects/{project}", new JsonObject { ["project"] = new JsonObject { ["name"] = Cloud.UniquePrefix("renamed") } });
        await nova.NovaSyncOkAsync();
        Assert.Null((await nova.RetrieveAsync(SyncedPanel.Staff, "staffapi", image))!["client"]);
    }

    [Fact]
    public async Task ManualMappingIsNeverChangedByTheRule()
    {
        // demo1 is mapped by hand to client 1 (SyncedPanel); a client named like the project would not move it.
        await nova.NovaSyncOkAsync(full: true);
        var mapping = await nova.Panel.WithDbAsync(db => db.Projects.AsNoTracking().SingleAsync(p => p.Id == nova.Cloud.Demo1.ProjectId));
        Assert.Equal(SyncedPanel.ClientDemo1, mapping.ClientId);
        Assert.Equal("manual", mapping.MappedBy);
    }

    private async Task<string> NewProjectAsync(string name)
    {
        var body = await KeystoneAsync(HttpMethod.Post, "/projects", new JsonObject
        {
            ["project"] = new JsonObject { ["name"] = name, ["domain_id"] = "default", ["description"] = "ost-nova test project" },
        });
        var id = body.GetProperty("project").GetProperty("id").GetString()!;
        _projects.Add(id);
        return id;
    }

    private async Task<JsonElement> KeystoneAsync(HttpMethod method, string path, JsonNode? body = null)
    {
        using var request = new HttpRequestMessage(method, nova.Cloud.AuthUrl.TrimEnd('/') + path);
        request.Headers.Add("X-Auth-Token", nova.Cloud.Admin.Token);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Keystone {method} {path}: {(int)response.StatusCode} {text}");
        return response.StatusCode == HttpStatusCode.NoContent || text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
