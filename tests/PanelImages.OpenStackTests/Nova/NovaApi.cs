using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PanelImages.OpenStackTests.Infrastructure;

namespace PanelImages.OpenStackTests.Nova;

/// <summary>
/// The real loopback Nova, driven with raw HTTP as one user (not the product's client). Servers boot on the fake
/// hypervisor in about a second, without networks; the boot image is the public nl-boot-raw (made once if missing).
/// </summary>
public sealed class NovaApi
{
    public const string Microversion = "2.46", TinyFlavor = "nl-tiny", SmallFlavor = "nl-small", BootImageName = "nl-boot-raw";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };
    public string Token { get; }
    public string ComputeUrl { get; }
    public string ProjectId { get; }

    private NovaApi(string token, string computeUrl, string projectId) => (Token, ComputeUrl, ProjectId) = (token, computeUrl, projectId);

    public static async Task<NovaApi> ForAsync(Cloud cloud, string name)
    {
        var (token, body) = await Cloud.Session.IssueAsync(Cloud.Options(cloud.CloudsFile, name));
        var t = body.GetProperty("token");
        var compute = t.GetProperty("catalog").EnumerateArray().FirstOrDefault(s => s.GetProperty("type").GetString() == "compute");
        if (compute.ValueKind != JsonValueKind.Object)
            throw new InvalidOperationException("No compute endpoint in the Keystone catalog: start Nova with `sudo bash scripts/openstack/nova-up.sh`.");
        var url = compute.GetProperty("endpoints").EnumerateArray().First(e => e.GetProperty("interface").GetString() == "public").GetProperty("url").GetString()!;
        return new NovaApi(token, url.TrimEnd('/'), t.GetProperty("project").GetProperty("id").GetString()!);
    }

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, JsonNode? body = null, HttpStatusCode[]? ok = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, ComputeUrl + path);
            request.Headers.Add("X-Auth-Token", Token);
            request.Headers.Add("OpenStack-API-Version", "compute " + Microversion);
            if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            // Nova on SQLite may answer 500 "database is locked" under load (rolled back): send it again.
            if (response.StatusCode == HttpStatusCode.InternalServerError && attempt < 5) { await Task.Delay(300 * attempt); continue; }
            if (!response.IsSuccessStatusCode && !(ok ?? []).Contains(response.StatusCode))
                throw new InvalidOperationException($"Nova {method} {path}: {(int)response.StatusCode} {text}");
            return text.Length == 0 || !response.IsSuccessStatusCode ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    /// <summary>Boots a server and waits until it is ACTIVE with no task.</summary>
    public async Task<string> CreateServerAsync(string name, string bootImage, string flavor = TinyFlavor)
    {
        var created = await SendAsync(HttpMethod.Post, "/servers", new JsonObject
        {
            ["server"] = new JsonObject { ["name"] = name, ["imageRef"] = bootImage, ["flavorRef"] = flavor, ["networks"] = "none" },
        });
        var id = created.GetProperty("server").GetProperty("id").GetString()!;
        await WaitIdleAsync(id);
        return id;
    }

    /// <summary>
    /// Waits (admin) until nova-compute's last heartbeat is recent. A RabbitMQ restart (RecoveryTests) costs it a
    /// heartbeat RPC that times out after 60 s; meanwhile its heartbeat ages past service_down_time and the scheduler
    /// answers "No valid host was found". A heartbeat within two report intervals (10 s) means the next boot is placed.
    /// </summary>
    public Task WaitComputeHeartbeatAsync() => Eventually.WaitAsync(async () =>
        (await SendAsync(HttpMethod.Get, "/os-services?binary=nova-compute")).GetProperty("services").EnumerateArray()
            .Any(s => s.GetProperty("state").GetString() == "up" && s.GetProperty("status").GetString() == "enabled"
                && s.GetProperty("updated_at").GetString() is { } at
                && DateTime.UtcNow - DateTime.SpecifyKind(DateTime.Parse(at, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc)
                    < TimeSpan.FromSeconds(20)),
        "a recent nova-compute heartbeat", seconds: 180);

    public async Task WaitIdleAsync(string id)
    {
        await Eventually.WaitAsync(async () =>
        {
            var s = (await SendAsync(HttpMethod.Get, $"/servers/{id}")).GetProperty("server");
            var status = s.GetProperty("status").GetString();
            if (status == "ERROR") throw new InvalidOperationException($"server {id} is in ERROR: {s}");
            return status == "ACTIVE" && s.GetProperty("OS-EXT-STS:task_state").ValueKind == JsonValueKind.Null;
        }, $"server {id} ACTIVE and idle", seconds: 300);
    }

    public Task RenameServerAsync(string id, string name) =>
        SendAsync(HttpMethod.Put, $"/servers/{id}", new JsonObject { ["server"] = new JsonObject { ["name"] = name } });

    public async Task DeleteServerAsync(string id, bool wait = true)
    {
        await SendAsync(HttpMethod.Delete, $"/servers/{id}", ok: [HttpStatusCode.NotFound]);
        if (wait)
            await Eventually.WaitAsync(async () => (await SendAsync(HttpMethod.Get, $"/servers/{id}", ok: [HttpStatusCode.NotFound])).ValueKind == JsonValueKind.Undefined,
                $"server {id} gone");
    }

    /// <summary>The public boot image every test server starts from (1 MiB raw), made by admin if Glance lacks it.</summary>
    public static async Task<string> BootImageAsync(Cloud cloud)
    {
        var found = await cloud.Admin.SendAsync(HttpMethod.Get, $"/v2/images?name={BootImageName}&status=active");
        if (found.GetProperty("images").EnumerateArray().FirstOrDefault() is { ValueKind: JsonValueKind.Object } image)
            return image.GetProperty("id").GetString()!;
        var created = await cloud.Admin.CreateImageAsync(new JsonObject
        {
            ["name"] = BootImageName, ["disk_format"] = "raw", ["container_format"] = "bare", ["visibility"] = "public",
        });
        var id = created.GetProperty("id").GetString()!;
        await cloud.Admin.UploadAsync(id, new byte[1 << 20]);
        return id;
    }
}

/// <summary>Waits for a condition (no fixed sleeps): polls every 200 ms, fails with what it waited for.</summary>
public static class Eventually
{
    public static async Task WaitAsync(Func<Task<bool>> condition, string what, int seconds = 90)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {seconds} s waiting for {what}.");
            await Task.Delay(200);
        }
    }
}
