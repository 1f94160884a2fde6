using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PanelImages.OpenStack;

namespace PanelImages.OpenStackTests.Infrastructure;

/// <summary>
/// The real loopback OpenStack, driven with raw HTTP (not the product's clients, so that a bug there cannot hide
/// itself). Credentials come from OS_CLIENT_CONFIG_FILE (default /var/lib/openstack-loopback/clouds.yaml).
/// </summary>
public sealed class Cloud
{
    public const string DefaultCloudsFile = "/var/lib/openstack-loopback/clouds.yaml";
    private static readonly Lazy<Task<Cloud>> Shared = new(ConnectAsync);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromMinutes(5) }; // per attempt: Session.AttemptTimeout

    public string CloudsFile { get; }
    public string AuthUrl { get; }
    public string GlanceUrl { get; private set; } = "";
    public Session Admin { get; private set; } = null!;
    public Session Demo1 { get; private set; } = null!;
    public Session Demo2 { get; private set; } = null!;

    private Cloud(string cloudsFile, string authUrl) { CloudsFile = cloudsFile; AuthUrl = authUrl; }

    public static Task<Cloud> GetAsync() => Shared.Value;

    private static async Task<Cloud> ConnectAsync()
    {
        var file = Environment.GetEnvironmentVariable("OS_CLIENT_CONFIG_FILE") is { Length: > 0 } f ? f : DefaultCloudsFile;
        if (!File.Exists(file))
            throw new InvalidOperationException($"OpenStack test cloud not found: {file} does not exist. Start it with `sudo bash scripts/openstack/up.sh` (or set OS_CLIENT_CONFIG_FILE).");
        var admin = Options(file, "admin");
        var cloud = new Cloud(file, admin.AuthUrl!);
        try
        {
            cloud.Admin = await Session.OpenAsync(admin);
            cloud.Demo1 = await Session.OpenAsync(Options(file, "demo1"));
            cloud.Demo2 = await Session.OpenAsync(Options(file, "demo2"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw new InvalidOperationException($"OpenStack test cloud unreachable: Keystone at {admin.AuthUrl} did not answer ({e.Message}). Start it with `sudo bash scripts/openstack/up.sh`.", e);
        }
        cloud.GlanceUrl = cloud.Admin.GlanceUrl;
        using var probe = await Http.GetAsync(cloud.GlanceUrl + "/healthcheck");
        if (!probe.IsSuccessStatusCode) throw new InvalidOperationException($"Glance at {cloud.GlanceUrl} is not healthy: {(int)probe.StatusCode}");
        return cloud;
    }

    public static OpenStackOptions Options(string file, string name)
    {
        var o = new OpenStackOptions();
        CloudConfig.FillFromCloudsYaml(o, file, name);
        return o;
    }

    /// <summary>A project-scoped token of one user and Glance calls made with it.</summary>
    public sealed class Session
    {
        public required string Token { get; init; }
        public required string ProjectId { get; init; }
        public required string GlanceUrl { get; init; }
        public required OpenStackOptions Options { get; init; }

        public static async Task<Session> OpenAsync(OpenStackOptions o)
        {
            var (token, body) = await IssueAsync(o);
            var t = body.GetProperty("token");
            var glance = t.GetProperty("catalog").EnumerateArray().First(s => s.GetProperty("type").GetString() == "image")
                .GetProperty("endpoints").EnumerateArray().First(e => e.GetProperty("interface").GetString() == "public")
                .GetProperty("url").GetString()!.TrimEnd('/');
            return new Session { Token = token, ProjectId = t.GetProperty("project").GetProperty("id").GetString()!, GlanceUrl = glance, Options = o };
        }

        public static async Task<(string Token, JsonElement Body)> IssueAsync(OpenStackOptions o)
        {
            var body = new JsonObject
            {
                ["auth"] = new JsonObject
                {
                    ["identity"] = new JsonObject
                    {
                        ["methods"] = new JsonArray("password"),
                        ["password"] = new JsonObject { ["user"] = new JsonObject { ["name"] = o.Username, ["domain"] = new JsonObject { ["name"] = o.UserDomainName }, ["password"] = o.Password } },
                    },
                    ["scope"] = new JsonObject { ["project"] = new JsonObject { ["name"] = o.ProjectName, ["domain"] = new JsonObject { ["name"] = o.ProjectDomainName } } },
                },
            };
            using var response = await Http.PostAsync(o.AuthUrl!.TrimEnd('/') + "/auth/tokens", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Keystone token for {o.Username}: {(int)response.StatusCode} {text}");
            return (response.Headers.GetValues("X-Subject-Token").First(), JsonDocument.Parse(text).RootElement.Clone());
        }

        public async Task<JsonElement> SendAsync(HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json", HttpStatusCode[]? ok = null)
        {
            // The loopback Glance runs on SQLite: without up.sh's BEGIN IMMEDIATE (nl_sqlite_immediate.py) concurrent
            // writes fail with 500 "database is locked" (rolled back). For a Glance started without it, such a
            // write is sent again after a pause. A request Glance leaves unanswered for AttemptTimeout (seen once in
            // CI among ~1,000 parallel creates) is sent again where that is safe; a create is first looked up by its
            // name, since it may have been made.
            var timeouts = 0;
            for (var attempt = 1; ; attempt++)
            {
                using var request = new HttpRequestMessage(method, GlanceUrl + path);
                request.Headers.Add("X-Auth-Token", Token);
                if (body is not null)
                {
                    request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
                }
                using var attemptTimeout = new CancellationTokenSource(AttemptTimeout);
                HttpResponseMessage response;
                try { response = await Http.SendAsync(request, attemptTimeout.Token); }
                catch (OperationCanceledException) when (attemptTimeout.IsCancellationRequested && ++timeouts < 3)
                {
                    var created = CreatedName(method, path, body);
                    if (created is not null && await FindByNameAsync(created) is { } made) return made;
                    if (method == HttpMethod.Post && created is null)
                        throw new TimeoutException($"Glance {method} {path}: no answer in {AttemptTimeout.TotalSeconds} s");
                    continue;
                }
                using (response)
                {
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode == HttpStatusCode.InternalServerError && attempt < 6)
                    {
                        await Task.Delay(200 * attempt);
                        continue;
                    }
                    return Check(method, path, ok, response, text);
                }
            }
        }

        private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);

        private static string? CreatedName(HttpMethod method, string path, JsonNode? body) =>
            method == HttpMethod.Post && path == "/v2/images" && body?["name"]?.GetValue<string>() is { } name ? name : null;

        private async Task<JsonElement?> FindByNameAsync(string name)
        {
            var found = await SendAsync(HttpMethod.Get, $"/v2/images?name={Uri.EscapeDataString(name)}");
            return found.GetProperty("images").EnumerateArray().Select(i => (JsonElement?)i.Clone()).FirstOrDefault();
        }

        private static JsonElement Check(HttpMethod method, string path, HttpStatusCode[]? ok, HttpResponseMessage response, string text)
        {
            if (!response.IsSuccessStatusCode && !(ok ?? []).Contains(response.StatusCode))
                throw new InvalidOperationException($"Glance {method} {path}: {(int)response.StatusCode} {text}");
            return text.Length == 0 || !response.IsSuccessStatusCode ? default : JsonDocument.Parse(text).RootElement.Clone();
        }

        public async Task<JsonElement> CreateImageAsync(JsonObject attributes) => await SendAsync(HttpMethod.Post, "/v2/images", attributes);

        public Task<JsonElement> PatchAsync(string id, params (string Op, string Path, JsonNode? Value)[] ops)
        {
            var array = new JsonArray();
            foreach (var (op, path, value) in ops)
            {
                var o = new JsonObject { ["op"] = op, ["path"] = path };
                if (op != "remove") o["value"] = value;
                array.Add(o);
            }
            return SendAsync(HttpMethod.Patch, $"/v2/images/{id}", array, "application/openstack-images-v2.1-json-patch");
        }

        public async Task UploadAsync(string id, byte[] data)
        {
            var failures = new List<string>();
            for (var attempt = 1; ; attempt++)
                try { await UploadOnceAsync(id, data); return; }
                catch (InvalidOperationException e)
                {
                    // The first failure is the cause; the later ones (409 "saving to saving") only follow from it.
                    failures.Add(e.Message);
                    if (attempt == 4) throw new InvalidOperationException(string.Join(" | then: ", failures), e);
                    // A failed attempt may still have reached Glance: the image is then saving (a new PUT answers
                    // 409 "saving to saving") or already active. Only a queued image takes the data again.
                    if (await SettledStatusAsync(id) == "active") return;
                    await Task.Delay(300 * attempt);
                }
        }

        /// <summary>The image's status once it is no longer saving (waits up to 60 s for a running upload).</summary>
        private async Task<string?> SettledStatusAsync(string id)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var status = (await SendAsync(HttpMethod.Get, $"/v2/images/{id}")).GetProperty("status").GetString();
                if (status != "saving" || DateTime.UtcNow > deadline) return status;
                await Task.Delay(500);
            }
        }

        private async Task UploadOnceAsync(string id, byte[] data)
        {
            using var request = new HttpRequestMessage(HttpMethod.Put, $"{GlanceUrl}/v2/images/{id}/file") { Content = new ByteArrayContent(data) };
            request.Headers.Add("X-Auth-Token", Token);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var response = await Http.SendAsync(request);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"upload {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        // 400 "transition from deleted to deleted": an earlier attempt that answered 500 had in fact deleted it.
        public Task DeleteImageAsync(string id) => SendAsync(HttpMethod.Delete, $"/v2/images/{id}", ok: [HttpStatusCode.NotFound, HttpStatusCode.BadRequest]);
        public Task DeactivateAsync(string id) => SendAsync(HttpMethod.Post, $"/v2/images/{id}/actions/deactivate");
        public Task AddMemberAsync(string id, string project) => SendAsync(HttpMethod.Post, $"/v2/images/{id}/members", new JsonObject { ["member"] = project });
        public Task SetMemberStatusAsync(string id, string project, string status) =>
            SendAsync(HttpMethod.Put, $"/v2/images/{id}/members/{project}", new JsonObject { ["status"] = status });

        /// <summary>Every image this session sees with visibility=all (admin: all of them), following next.</summary>
        public async Task<List<JsonElement>> ListAllAsync(string extra = "")
        {
            var images = new List<JsonElement>();
            foreach (var hidden in new[] { "", "&os_hidden=true" })
            {
                string? url = $"/v2/images?limit=1000&visibility=all&member_status=all{hidden}{extra}";
                while (url is not null)
                {
                    var page = await SendAsync(HttpMethod.Get, url);
                    images.AddRange(page.GetProperty("images").EnumerateArray());
                    url = page.TryGetProperty("next", out var next) ? next.GetString() : null;
                }
            }
            return images;
        }

        /// <summary>Creates <paramref name="count"/> data-less images named prefix-00000…, <paramref name="parallel"/> at a time.</summary>
        public async Task<List<string>> CreateManyAsync(string prefix, int count, int parallel = 8)
        {
            var ids = new string[count];
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, _) =>
            {
                var image = await CreateImageAsync(new JsonObject { ["name"] = $"{prefix}-{i:D5}", ["disk_format"] = "raw", ["container_format"] = "bare" });
                ids[i] = image.GetProperty("id").GetString()!;
            });
            return [.. ids];
        }

        public Task DeleteManyAsync(IEnumerable<string> ids, int parallel = 4) =>
            Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (id, _) =>
            {
                try { await DeleteImageAsync(id); } catch (InvalidOperationException) { /* clean-up is best effort; prefixes keep tests apart */ }
            });

        /// <summary>Revokes a token in Keystone (DELETE /v3/auth/tokens); this session's token authorises the call.</summary>
        public async Task RevokeAsync(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, Options.AuthUrl!.TrimEnd('/') + "/auth/tokens");
            request.Headers.Add("X-Auth-Token", Token);
            request.Headers.Add("X-Subject-Token", token);
            using var response = await Http.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.NoContent) throw new InvalidOperationException($"token revocation: {(int)response.StatusCode}");
        }
    }

    public static string UniquePrefix(string what) => $"ost-{what}-{Guid.NewGuid().ToString("N")[..8]}";
}
