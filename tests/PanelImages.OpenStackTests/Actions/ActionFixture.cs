using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.Images;
using PanelImages.OpenStackTests.Infrastructure;

namespace PanelImages.OpenStackTests.Actions;

/// <summary>
/// The panel on the loopback cloud with, beside alice (client 1 = demo1) and bob (client 2 = demo2): reseller rita,
/// who sells client 2, and lim, a user of client 1 whose every mutating permission is denied.
/// Test images are made directly in Glance and read into the catalogue the way an action would.
/// </summary>
public class ActionFixture : IAsyncLifetime
{
    public const string Rita = "tok-rita", Limited = "tok-lim";
    public SyncedPanel Panel { get; } = new();
    public Cloud Cloud => Panel.Cloud;
    private readonly List<string> _created = [];

    protected virtual void Configure(Dictionary<string, string?> settings) => settings["Images:MaxUploadBytes"] = (4 << 20).ToString();

    public async Task InitializeAsync()
    {
        Configure(Panel.Settings);
        await Panel.StartAsync();
        await Panel.WithDbAsync(async db =>
        {
            var rita = db.Users.Add(new User { Username = "rita", Audience = Audience.Reseller }).Entity;
            var lim = db.Users.Add(new User { Username = "lim", Audience = Audience.EndUser }).Entity;
            await db.SaveChangesAsync();
            (await db.Clients.SingleAsync(c => c.Id == SyncedPanel.ClientDemo2)).ResellerId = rita.Id;
            db.ClientUsers.Add(new ClientUser { ClientId = SyncedPanel.ClientDemo1, UserId = lim.Id });
            foreach (var name in new[] { ImagePermissions.Create, ImagePermissions.Update, ImagePermissions.Destroy, ImagePermissions.Download,
                         ImagePermissions.Deactivate, ImagePermissions.Reactivate })
                db.PermissionGrants.Add(new PermissionGrant { UserId = lim.Id, Name = name, Granted = false });
            db.ApiTokens.Add(new ApiToken { UserId = rita.Id, KeyHash = TokenAuthenticationHandler.HashKey(Rita), CreatedAt = DateTime.UtcNow });
            db.ApiTokens.Add(new ApiToken { UserId = lim.Id, KeyHash = TokenAuthenticationHandler.HashKey(Limited), CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync()
    {
        try { await Cloud.Admin.DeleteManyAsync(_created); } catch { /* the cloud may be gone; the images are named ost-* */ }
        await Panel.DisposeAsync();
    }

    /// <summary>An image owned by <paramref name="owner"/>'s project, made by admin in Glance, with data unless <paramref name="data"/> is empty.</summary>
    public async Task<string> NewImageAsync(Cloud.Session owner, string visibility = "private", byte[]? data = null, bool isProtected = false)
    {
        var image = await Cloud.Admin.CreateImageAsync(new JsonObject
        {
            ["name"] = Cloud.UniquePrefix("act"), ["disk_format"] = "raw", ["container_format"] = "bare",
            ["visibility"] = visibility, ["owner"] = owner.ProjectId, ["protected"] = isProtected,
        });
        var id = image.GetProperty("id").GetString()!;
        _created.Add(id);
        data ??= Encoding.ASCII.GetBytes("image bytes " + id);
        if (data.Length > 0) await Cloud.Admin.UploadAsync(id, data);
        await RefreshAsync(id);
        return id;
    }

    public void Track(string id) => _created.Add(id);

    /// <summary>Shares an image with a project and has that project answer.</summary>
    public async Task ShareAsync(string id, Cloud.Session member, string status)
    {
        await Cloud.Admin.AddMemberAsync(id, member.ProjectId);
        if (status != "pending") await member.SetMemberStatusAsync(id, member.ProjectId, status);
        await Panel.WithDbAsync(async db =>
        {
            await CatalogWriteThrough.SetMemberAsync(db, "RegionOne", id, member.ProjectId, status, CancellationToken.None);
            return 0;
        });
    }

    public Task RefreshAsync(string id) => Panel.WithDbAsync(async db =>
    {
        var glance = await Panel.Services.GetRequiredService<RegionGlance>().ForAsync("RegionOne", CancellationToken.None);
        return await CatalogWriteThrough.RefreshAsync(db, glance, id, CancellationToken.None);
    });

    /// <summary>The image as Glance has it (admin view), or null when Glance no longer has it.</summary>
    public async Task<JsonElement?> GlanceImageAsync(string id)
    {
        var image = await Cloud.Admin.SendAsync(HttpMethod.Get, $"/v2/images/{id}", ok: [System.Net.HttpStatusCode.NotFound]);
        return image.ValueKind == JsonValueKind.Object && image.TryGetProperty("id", out _) ? image : null;
    }

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(
        string token, HttpMethod method, string url, JsonNode? body = null, HttpContent? content = null)
    {
        using var client = Panel.ClientWithToken(token);
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        if (content is not null) request.Content = content;
        var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        JsonNode? json = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/json" && bytes.Length > 0) json = JsonNode.Parse(bytes);
        return ((int)response.StatusCode, json, response);
    }

    public static string Api(string token) => token switch
    {
        SyncedPanel.Staff => "/backend/staffapi/openstack/images",
        Rita => "/backend/resellerapi/openstack/images",
        _ => "/backend/api/openstack/images",
    };

    public static ByteArrayContent Octets(byte[] data)
    {
        var content = new ByteArrayContent(data);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return content;
    }
}
