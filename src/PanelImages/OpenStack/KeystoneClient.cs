using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace PanelImages.OpenStack;

public sealed record CatalogEndpoint(string ServiceType, string Region, string Interface, string Url);

public sealed record KeystoneToken(string Value, DateTime ExpiresAt, DateTime IssuedAt, string? ProjectId, IReadOnlyList<CatalogEndpoint> Catalog);

/// <summary>
/// Keystone v3 password authentication, project-scoped. One token is shared by every caller and reused until shortly
/// before it expires; a 401 from a service makes the caller <see cref="Forget"/> it and ask again (once).
/// </summary>
public sealed class KeystoneClient(IHttpClientFactory httpFactory, IOptions<OpenStackOptions> options, ILogger<KeystoneClient> logger)
{
    public const string HttpClientName = "keystone";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile KeystoneToken? _token;
    private volatile KeystoneToken? _systemToken;
    private int _authentications;

    /// <summary>How many times a token was issued (for the sync status and tests).</summary>
    public int Authentications => _authentications;

    public Task<KeystoneToken> GetTokenAsync(CancellationToken ct) => GetTokenAsync(system: false, ct);

    /// <summary>
    /// The project-scoped token, or with <paramref name="system"/> a system-scoped one of the same user: Keystone shows
    /// a project-scoped token only its own project's limits, reading another project's needs system scope.
    /// </summary>
    public async Task<KeystoneToken> GetTokenAsync(bool system, CancellationToken ct)
    {
        if ((system ? _systemToken : _token) is { } token && IsFresh(token)) return token;
        await _gate.WaitAsync(ct);
        try
        {
            if ((system ? _systemToken : _token) is { } again && IsFresh(again)) return again;
            var issued = await AuthenticateAsync(system, ct);
            if (system) _systemToken = issued; else _token = issued;
            return issued;
        }
        finally { _gate.Release(); }
    }

    /// <summary>Drops <paramref name="rejected"/> (or whatever token is held) so that the next call authenticates again; a newer token is kept.</summary>
    public void Forget(string? rejected = null)
    {
        var current = _token;
        if (current is not null && (rejected is null || current.Value == rejected))
            Interlocked.CompareExchange(ref _token, null, current);
        var system = _systemToken;
        if (system is not null && (rejected is null || system.Value == rejected))
            Interlocked.CompareExchange(ref _systemToken, null, system);
    }

    // Renew when a tenth of the lifetime (at most five minutes) is left, so that no request leaves with a dying token.
    private static bool IsFresh(KeystoneToken t)
    {
        var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromMinutes(5).Ticks, (t.ExpiresAt - t.IssuedAt).Ticks / 10));
        return DateTime.UtcNow < t.ExpiresAt - margin;
    }

    private async Task<KeystoneToken> AuthenticateAsync(bool system, CancellationToken ct)
    {
        var o = options.Value;
        var url = TokensUrl(o.AuthUrl ?? throw new InvalidOperationException("OpenStack is not configured"));
        using var request = new HttpRequestMessage(HttpMethod.Post, url) 
        {
            // A sized body: Keystone under uwsgi does not read chunked request bodies (it answers 400 "Expecting to find auth").
            Content = new StringContent(JsonSerializer.Serialize(AuthBody(o, system)), System.Text.Encoding.UTF8, "application/json"),
        };
        // The resilience handler re-wraps the body for retries and loses its computed length unless it is explicit.
        request.Content.Headers.ContentLength = request.Content.Headers.ContentLength;
        var http = httpFactory.CreateClient(HttpClientName);
        HttpResponseMessage response;
        try { response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or TimeoutException or Polly.CircuitBreaker.BrokenCircuitException && !ct.IsCancellationRequested)
        {
            throw new OpenStackException("keystone", null, "POST", url, null, e.Message, e);
        }
        using (response)
        {
            if (response.StatusCode != HttpStatusCode.Created && response.StatusCode != HttpStatusCode.OK)
                throw new OpenStackException("keystone", null, "POST", url, response.StatusCode,
                    OpenStackException.MessageFrom(await response.Content.ReadAsStringAsync(ct)));
            var value = response.Headers.TryGetValues("X-Subject-Token", out var values) ? values.First()
                : throw new OpenStackException("keystone", null, "POST", url, response.StatusCode, "no X-Subject-Token header in the answer");
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
            var token = ParseToken(value, doc.RootElement.GetProperty("token"));
            Interlocked.Increment(ref _authentications);
            logger.LogDebug("Keystone token issued for project {Project}, expires {Expires:o}", token.ProjectId, token.ExpiresAt);
            return token;
        }
    }

    /// <summary>
    /// An authenticated GET of Keystone's v3 API (<paramref name="path"/> below /v3, with its query), as the service
    /// user; a 401 renews the token once. Failures are <see cref="OpenStackException"/>s (503 unreachable, 502 otherwise).
    /// </summary>
    public async Task<JsonDocument> GetJsonAsync(string path, CancellationToken ct, bool system = false)
    {
        var url = ApiUrl(options.Value.AuthUrl ?? throw new InvalidOperationException("OpenStack is not configured")) + path;
        for (var attempt = 0; ; attempt++)
        {
            var token = await GetTokenAsync(system, ct);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("X-Auth-Token", token.Value);
            HttpResponseMessage response;
            try { response = await httpFactory.CreateClient(HttpClientName).SendAsync(request, ct); }
            catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or TimeoutException
                                          or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
            {
                throw new OpenStackException("keystone", null, "GET", url, null, e.InnerException?.Message ?? e.Message, e);
            }
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0) { Forget(token.Value); continue; }
                var body = await response.Content.ReadAsStringAsync(ct);
                if (!response.IsSuccessStatusCode)
                    throw new OpenStackException("keystone", null, "GET", url, response.StatusCode, OpenStackException.MessageFrom(body));
                try { return JsonDocument.Parse(body); }
                catch (JsonException e) { throw new OpenStackException("keystone", null, "GET", url, response.StatusCode, "the answer is not JSON", e); }
            }
        }
    }

    /// <summary>Keystone's v3 API root (the auth URL with /v3, no trailing slash).</summary>
    internal static string ApiUrl(string authUrl) => TokensUrl(authUrl)[..^"/auth/tokens".Length];

    internal static string TokensUrl(string authUrl)
    {
        var root = authUrl.TrimEnd('/');
        if (!root.EndsWith("/v3", StringComparison.OrdinalIgnoreCase)) root += "/v3";
        return root + "/auth/tokens";
    }

    private static object AuthBody(OpenStackOptions o, bool system)
    {
        object? Domain(string? id, string? name) =>
            id is not null ? new { id } : name is not null ? new { name } : null;
        object user = Domain(o.UserDomainId, o.UserDomainName) is { } userDomain
            ? new { name = o.Username, domain = userDomain, password = o.Password }
            : new { name = o.Username, password = o.Password };
        object? project = o.ProjectId is not null ? new { id = o.ProjectId }
            : o.ProjectName is not null ? new { name = o.ProjectName, domain = Domain(o.ProjectDomainId, o.ProjectDomainName) ?? new { id = "default" } }
            : null;
        var identity = new { methods = new[] { "password" }, password = new { user } };
        if (system) return new { auth = new { identity, scope = new { system = new { all = true } } } };
        return project is null
            ? new { auth = new { identity } }
            : new { auth = new { identity, scope = new { project } } };
    }

    private static KeystoneToken ParseToken(string value, JsonElement token)
    {
        var expires = token.GetProperty("expires_at").GetDateTime().ToUniversalTime();
        var issued = token.TryGetProperty("issued_at", out var i) ? i.GetDateTime().ToUniversalTime() : DateTime.UtcNow;
        var projectId = token.TryGetProperty("project", out var p) && p.TryGetProperty("id", out var pid) ? pid.GetString() : null;
        var catalog = new List<CatalogEndpoint>();
        if (token.TryGetProperty("catalog", out var services) && services.ValueKind == JsonValueKind.Array)
            foreach (var service in services.EnumerateArray())
            {
                var type = service.GetProperty("type").GetString() ?? "";
                foreach (var e in service.GetProperty("endpoints").EnumerateArray())
                {
                    var region = e.TryGetProperty("region_id", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()
                        : e.TryGetProperty("region", out var r2) ? r2.GetString() : null;
                    catalog.Add(new CatalogEndpoint(type, region ?? "", e.GetProperty("interface").GetString() ?? "", e.GetProperty("url").GetString() ?? ""));
                }
            }
        return new KeystoneToken(value, expires, issued, projectId, catalog);
    }
}
