using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.Nova;
using PanelImages.OpenStackTests.Infrastructure;

namespace PanelImages.OpenStackTests.Nova;

/// <summary>
/// The panel on the loopback Keystone, Glance and Nova: alice (client 1 = demo1), bob (client 2 = demo2), reseller
/// rita who sells client 2, staff, and lim (client 1) whose instance flags are denied. Servers and images the tests
/// make are removed at the end; names start with ost-nova-.
/// </summary>
public class NovaFixture : IAsyncLifetime
{
    public const string Rita = "tok-rita", Limited = "tok-lim";
    public SyncedPanel Panel { get; } = new();
    public Cloud Cloud => Panel.Cloud;
    public NovaApi Demo1 { get; private set; } = null!;
    public NovaApi Demo2 { get; private set; } = null!;
    public NovaApi Admin { get; private set; } = null!;
    public string BootImage { get; private set; } = "";
    public int RitaId { get; private set; }
    private readonly List<(NovaApi Owner, string Id)> _servers = [];
    private readonly List<string> _images = [];

    protected virtual void Configure(SyncedPanel panel) { }

    public async Task InitializeAsync()
    {
        Configure(Panel);
        await Panel.StartAsync();
        Demo1 = await NovaApi.ForAsync(Cloud, "demo1");
        Demo2 = await NovaApi.ForAsync(Cloud, "demo2");
        Admin = await NovaApi.ForAsync(Cloud, "admin");
        BootImage = await NovaApi.BootImageAsync(Cloud);
        RitaId = await Panel.WithDbAsync(async db =>
        {
            var rita = db.Users.Add(new User { Username = "rita", Audience = Audience.Reseller }).Entity;
            var lim = db.Users.Add(new User { Username = "lim", Audience = Audience.EndUser }).Entity;
            await db.SaveChangesAsync();
            (await db.Clients.SingleAsync(c => c.Id == SyncedPanel.ClientDemo2)).ResellerId = rita.Id;
            db.ClientUsers.Add(new ClientUser { ClientId = SyncedPanel.ClientDemo1, UserId = lim.Id });
            foreach (var name in ImagePermissions.InstanceNames)
                db.PermissionGrants.Add(new PermissionGrant { UserId = lim.Id, Name = name, Granted = false });
            db.ApiTokens.Add(new ApiToken { UserId = rita.Id, KeyHash = TokenAuthenticationHandler.HashKey(Rita), CreatedAt = DateTime.UtcNow });
            db.ApiTokens.Add(new ApiToken { UserId = lim.Id, KeyHash = TokenAuthenticationHandler.HashKey(Limited), CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
            return rita.Id;
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var (owner, id) in _servers)
            try { await owner.DeleteServerAsync(id, wait: false); } catch { /* best effort: names start with ost-nova- */ }
        try { await Cloud.Admin.DeleteManyAsync(_images); } catch { /* idem */ }
        await Panel.DisposeAsync();
    }

    public NovaSyncService NovaSync => Panel.Services.GetRequiredService<NovaSyncService>();

    public async Task<string> NewServerAsync(NovaApi owner, string name)
    {
        await Admin.WaitComputeHeartbeatAsync();
        var id = await owner.CreateServerAsync(name, BootImage);
        _servers.Add((owner, id));
        return id;
    }

    public void Forget(string imageId) => _images.Add(imageId);

    /// <summary>A Glance image owned by <paramref name="owner"/>'s project (admin-made, no data) with extra properties.</summary>
    public async Task<string> NewImageAsync(Cloud.Session owner, JsonObject? extra = null)
    {
        var body = new JsonObject
        {
            ["name"] = Cloud.UniquePrefix("nova"), ["disk_format"] = "raw", ["container_format"] = "bare",
            ["visibility"] = "private", ["owner"] = owner.ProjectId,
        };
        foreach (var (k, v) in extra ?? []) body[k] = v?.DeepClone();
        var id = (await Cloud.Admin.CreateImageAsync(body)).GetProperty("id").GetString()!;
        _images.Add(id);
        return id;
    }

    /// <summary>Image sync (full) and Nova/Keystone sync, both required to succeed.</summary>
    public async Task SyncAllAsync(bool full = true)
    {
        await Panel.SyncOkAsync(full ? PanelImages.Sync.SyncKind.Full : PanelImages.Sync.SyncKind.Incremental);
        await NovaSyncOkAsync(full);
    }

    public async Task NovaSyncOkAsync(bool full = false)
    {
        var results = await NovaSync.RunAsync(full);
        Assert.All(results, r => Assert.True(r.Ok, $"{r.Resource} {r.Region}: {r.Error}"));
    }

    public async Task<(int Status, JsonNode? Body)> PostAsync(string token, string url, object body)
    {
        using var client = Panel.ClientWithToken(token);
        using var response = await client.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async Task<(int Status, JsonNode? Body)> SendAsync(string token, HttpMethod method, string url, object? body = null)
    {
        using var client = Panel.ClientWithToken(token);
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    public async Task<JsonObject?> RetrieveAsync(string token, string prefix, string imageId)
    {
        var (status, body) = await Panel.GetAsync(token, $"/backend/{prefix}/openstack/images/{imageId}");
        return status == 200 ? body!.AsObject() : null;
    }
}
