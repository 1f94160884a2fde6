using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PanelImages.OpenStack;

namespace PanelImages.Nova;

/// <summary>One page of a Nova list; the items are views into the parsed page: use them before disposing it.</summary>
public sealed class NovaPage(JsonDocument document, IReadOnlyList<JsonElement> items) : IDisposable
{
    public IReadOnlyList<JsonElement> Items { get; } = items;
    public void Dispose() => document.Dispose();
}

/// <summary>
/// Nova (compute API v2.1) of one region, with the configured admin credentials. Microversions are per call: 2.46 for
/// lists (the last one where a server names its flavor by id), 2.45 for createImage/createBackup (image_id in the body).
/// Failures become <see cref="OpenStackException"/> (service "nova"), a 401 re-authenticates once.
/// </summary>
public sealed class NovaClient(string region, string endpoint, Func<HttpClient> http, KeystoneClient keystone)
{
    public const string HttpClientName = "nova";
    private const string ListVersion = "2.46", ActionVersion = "2.45";
    public string Region { get; } = region;
    public string Endpoint { get; } = endpoint.TrimEnd('/');

    /// <summary>Every server of every project (admin), following <c>servers_links</c> to the end; deleted ones too when <paramref name="changesSince"/> is set.</summary>
    public IAsyncEnumerable<NovaPage> ListServersAsync(DateTime? changesSince, int pageSize, CancellationToken ct) =>
        ListAsync("/servers/detail?all_tenants=1&limit=" + pageSize
                  + (changesSince is { } since ? "&changes-since=" + Uri.EscapeDataString(since.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")) : ""),
            "servers", ct);

    /// <summary>Every flavor, public and private (is_public=None as admin).</summary>
    public IAsyncEnumerable<NovaPage> ListFlavorsAsync(int pageSize, CancellationToken ct) =>
        ListAsync($"/flavors/detail?is_public=None&limit={pageSize}", "flavors", ct);

    public async Task<List<string>> FlavorAccessAsync(string flavorId, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/flavors/{Uri.EscapeDataString(flavorId)}/os-flavor-access", null, ListVersion, ct);
        using var doc = await ReadAsync(response, ct);
        return doc.RootElement.TryGetProperty("flavor_access", out var a) && a.ValueKind == JsonValueKind.Array
            ? a.EnumerateArray().Select(x => GlanceJson.String(x, "tenant_id")).OfType<string>().ToList() : [];
    }

    /// <summary>One server, or null when Nova does not know it.</summary>
    public async Task<JsonDocument?> GetServerAsync(string id, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/servers/{Uri.EscapeDataString(id)}", null, ListVersion, ct, acceptNotFound: true);
        return response.StatusCode == HttpStatusCode.NotFound ? null : await ReadAsync(response, ct);
    }

    /// <summary>Runs a server action (createImage, createBackup) and returns the new image's id.</summary>
    public async Task<string> ImageActionAsync(string serverId, string action, JsonObject body, CancellationToken ct)
    {
        var payload = new JsonObject { [action] = body }.ToJsonString();
        using var response = await SendAsync(HttpMethod.Post, $"/servers/{Uri.EscapeDataString(serverId)}/action",
            () => new StringContent(payload, Encoding.UTF8, "application/json"), ActionVersion, ct);
        using var doc = await ReadAsync(response, ct);
        return GlanceJson.String(doc.RootElement, "image_id")
               ?? throw new OpenStackException("nova", Region, "POST", Endpoint, response.StatusCode, $"{action} answered without an image_id");
    }

    private async IAsyncEnumerable<NovaPage> ListAsync(string first, string key, [EnumeratorCancellation] CancellationToken ct)
    {
        string? url = first;
        while (url is not null)
        {
            using var response = await SendAsync(HttpMethod.Get, url, null, ListVersion, ct, completion: HttpCompletionOption.ResponseHeadersRead);
            var doc = await ReadAsync(response, ct);
            var root = doc.RootElement;
            var items = root.TryGetProperty(key, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().ToList() : [];
            url = null;
            if (items.Count > 0 && root.TryGetProperty(key + "_links", out var links) && links.ValueKind == JsonValueKind.Array)
                foreach (var link in links.EnumerateArray())
                    if (GlanceJson.String(link, "rel") == "next") url = GlanceJson.String(link, "href");
            yield return new NovaPage(doc, items);
        }
    }

    private static async Task<JsonDocument> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await JsonDocument.ParseAsync(stream, cancellationToken: ct);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, Func<HttpContent>? content, string microversion,
        CancellationToken ct, bool acceptNotFound = false, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var absolute = Absolute(url);
        for (var attempt = 0; ; attempt++)
        {
            var token = await keystone.GetTokenAsync(ct);
            using var request = new HttpRequestMessage(method, absolute) { Content = content?.Invoke() };
            request.Headers.Add("X-Auth-Token", token.Value);
            request.Headers.Add("OpenStack-API-Version", "compute " + microversion);
            request.Headers.Accept.ParseAdd("application/json");
            if (request.Content is { } sized && sized.Headers.ContentLength is long size) sized.Headers.ContentLength = size;
            HttpResponseMessage response;
            try { response = await http().SendAsync(request, completion, ct); }
            catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or TimeoutException
                                          or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
            {
                throw new OpenStackException("nova", Region, method.Method, absolute, null, e.InnerException?.Message ?? e.Message, e);
            }
            if (response.IsSuccessStatusCode || (acceptNotFound && response.StatusCode == HttpStatusCode.NotFound)) return response;
            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
                {
                    keystone.Forget(token.Value);
                    continue;
                }
                var body = await response.Content.ReadAsStringAsync(ct);
                throw new OpenStackException("nova", Region, method.Method, absolute, response.StatusCode, NovaMessage(body));
            }
        }
    }

    // Nova's next links are absolute and may name another host than the catalog's (its own public_endpoint setting):
    // their path below the endpoint's goes to the endpoint this region is configured with.
    private string Absolute(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var link) || !link.Scheme.StartsWith("http", StringComparison.Ordinal)) return Endpoint + url;
        var basePath = new Uri(Endpoint).AbsolutePath.TrimEnd('/');
        var path = link.PathAndQuery;
        return basePath.Length > 0 && path.StartsWith(basePath + "/", StringComparison.Ordinal) ? Endpoint + path[basePath.Length..] : url;
    }

    /// <summary>Nova's errors are {"badRequest": {"message": …}}, {"itemNotFound": …}, {"conflictingRequest": …}.</summary>
    internal static string NovaMessage(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
                foreach (var p in doc.RootElement.EnumerateObject())
                    if (p.Value.ValueKind == JsonValueKind.Object && GlanceJson.String(p.Value, "message") is { } m) return m;
        }
        catch (JsonException) { }
        return OpenStackException.MessageFrom(body);
    }
}
