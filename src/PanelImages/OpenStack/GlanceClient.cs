using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace PanelImages.OpenStack;

/// <summary>One page of a Glance image list. The images are views into the parsed page: use them before disposing it.</summary>
public sealed class GlancePage(JsonDocument document, IReadOnlyList<JsonElement> images, DateTime fetchedAt) : IDisposable
{
    public IReadOnlyList<JsonElement> Images { get; } = images;
    /// <summary>When the answer arrived; a row written later than this may be newer than what the page says.</summary>
    public DateTime FetchedAt { get; } = fetchedAt;
    public void Dispose() => document.Dispose();
}

public sealed record GlanceMember(string MemberId, string Status, DateTime? CreatedAt, DateTime? UpdatedAt);

/// <summary>
/// Glance v2 for one region's endpoint. Every call goes through one SendAsync, which adds the Keystone
/// token, re-authenticates once on 401 and turns any failure into an <see cref="OpenStackException"/> naming the
/// region, URL, status and Glance's message. New actions (create, PATCH, upload, download, members…) are a few lines
/// on top of it; retries on 5xx/connection errors happen below it (resilience handler) for idempotent methods only.
/// </summary>
public sealed class GlanceClient(string region, string endpoint, Func<HttpClient> http, KeystoneClient keystone)
{
    public const string HttpClientName = "glance";
    public string Region { get; } = region;
    /// <summary>The endpoint root, without a trailing /v2: Glance's <c>next</c> links (<c>/v2/images?marker=…</c>) are relative to it.</summary>
    public string Endpoint { get; } = RootOf(endpoint);

    public static string RootOf(string url)
    {
        var root = url.TrimEnd('/');
        var lastSlash = root.LastIndexOf('/');
        if (lastSlash > root.IndexOf("//", StringComparison.Ordinal) + 1
            && root[(lastSlash + 1)..] is { } last && last.StartsWith("v2", StringComparison.OrdinalIgnoreCase))
            root = root[..lastSlash];
        return root;
    }

    /// <summary>
    /// Every image matching <paramref name="query"/> (e.g. <c>visibility=all&amp;member_status=all</c>), page by page,
    /// following <c>next</c> to the end.
    /// </summary>
    public async IAsyncEnumerable<GlancePage> ListImagesAsync(string query, int pageSize, [EnumeratorCancellation] CancellationToken ct)
    {
        string? url = $"/v2/images?limit={pageSize}{(string.IsNullOrEmpty(query) ? "" : "&" + query)}";
        while (url is not null)
        {
            using var response = await SendAsync(HttpMethod.Get, url, null, ct, completion: HttpCompletionOption.ResponseHeadersRead);
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
            var root = doc.RootElement;
            var images = root.TryGetProperty("images", out var array) && array.ValueKind == JsonValueKind.Array
                ? array.EnumerateArray().ToList() : [];
            url = root.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String && images.Count > 0 ? next.GetString() : null;
            yield return new GlancePage(doc, images, DateTime.UtcNow);
        }
    }

    /// <summary>One image, or null when Glance does not know it (404).</summary>
    public async Task<JsonDocument?> GetImageAsync(string id, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/v2/images/{Uri.EscapeDataString(id)}", ct, acceptNotFound: true);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await JsonDocument.ParseAsync(stream, cancellationToken: ct);
    }

    /// <summary>Members of an image, or null when the image is gone (404) or no longer shared (403).</summary>
    public async Task<List<GlanceMember>?> ListMembersAsync(string imageId, CancellationToken ct)
    {
        HttpResponseMessage response;
        try { response = await SendAsync(HttpMethod.Get, $"/v2/images/{Uri.EscapeDataString(imageId)}/members", ct, acceptNotFound: true); }
        // 403 "Only shared images have members": its visibility changed since the listing; the next run reads it again.
        catch (OpenStackException e) when (e.Status == HttpStatusCode.Forbidden) { return null; }
        using var _ = response;
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
        var members = new List<GlanceMember>();
        if (doc.RootElement.TryGetProperty("members", out var array) && array.ValueKind == JsonValueKind.Array)
            foreach (var m in array.EnumerateArray())
                members.Add(new GlanceMember(
                    m.GetProperty("member_id").GetString()!, m.TryGetProperty("status", out var s) ? s.GetString() ?? "pending" : "pending",
                    GlanceJson.Time(m, "created_at"), GlanceJson.Time(m, "updated_at")));
        return members;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, CancellationToken ct, bool acceptNotFound = false) =>
        SendAsync(method, url, null, ct, acceptNotFound);

    /// <summary>
    /// Sends a request with the current token; on 401 forgets the token, authenticates again and sends once more.
    /// <paramref name="content"/> is called per attempt, so a body must be re-creatable (a one-shot stream is not).
    /// <paramref name="configure"/> adds per-request headers (Range…). The caller disposes the (successful) response.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, Func<HttpContent>? content, CancellationToken ct,
        bool acceptNotFound = false, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead,
        Action<HttpRequestMessage>? configure = null)
    {
        var absolute = url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? url : Endpoint + (url.StartsWith('/') ? url : "/" + url);
        for (var attempt = 0; ; attempt++)
        {
            var token = await keystone.GetTokenAsync(ct);
            using var request = new HttpRequestMessage(method, absolute) { Content = content?.Invoke() };
            request.Headers.Add("X-Auth-Token", token.Value);
            request.Headers.Accept.ParseAdd("application/json");
            // The resilience handler re-wraps bodies and would send a sized one chunked unless its length is explicit.
            if (request.Content is { } sized && sized.Headers.ContentLength is long size) sized.Headers.ContentLength = size;
            configure?.Invoke(request);
            HttpResponseMessage response;
            try { response = await http().SendAsync(request, completion, ct); }
            catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or TimeoutException
                                          or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
            {
                throw new OpenStackException("glance", Region, method.Method, absolute, null, Describe(e), e);
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
                throw new OpenStackException("glance", Region, method.Method, absolute, response.StatusCode, OpenStackException.MessageFrom(body));
            }
        }
    }

    private static string Describe(Exception e) => e switch
    {
        Polly.CircuitBreaker.BrokenCircuitException => "too many recent failures, calls paused (circuit open): " + (e.InnerException?.Message ?? e.Message),
        Polly.Timeout.TimeoutRejectedException or TaskCanceledException or TimeoutException => "timed out: " + e.Message,
        HttpRequestException { InnerException: { } inner } h => $"{h.Message} ({inner.Message})",
        _ => e.Message,
    };
}
