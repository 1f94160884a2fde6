using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PanelImages.OpenStack;

namespace PanelImages.Images;

/// <summary>The Glance v2 calls behind the image actions, on top of <see cref="GlanceClient.SendAsync(HttpMethod, string, Func{HttpContent}?, CancellationToken, bool, HttpCompletionOption)"/>.</summary>
public static class GlanceImageCalls
{
    private const string JsonPatchType = "application/openstack-images-v2.1-json-patch";

    private static string ImageUrl(string id) => $"/v2/images/{Uri.EscapeDataString(id)}";

    private static Func<HttpContent> Json(JsonNode body) =>
        () => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await JsonDocument.ParseAsync(stream, cancellationToken: ct);
    }

    public static async Task<JsonDocument> CreateImageAsync(this GlanceClient glance, JsonObject body, CancellationToken ct)
    {
        using var response = await glance.SendAsync(HttpMethod.Post, "/v2/images", Json(body), ct);
        return await ReadJsonAsync(response, ct);
    }

    public static async Task<JsonDocument> PatchImageAsync(this GlanceClient glance, string id, JsonArray operations, CancellationToken ct)
    {
        using var response = await glance.SendAsync(HttpMethod.Patch, ImageUrl(id), () =>
        {
            var content = new StringContent(operations.ToJsonString(), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue(JsonPatchType);
            return content;
        }, ct);
        return await ReadJsonAsync(response, ct);
    }

    /// <summary>Deletes the image; false when Glance no longer had it.</summary>
    public static async Task<bool> DeleteImageAsync(this GlanceClient glance, string id, CancellationToken ct)
    {
        try
        {
            using var response = await glance.SendAsync(HttpMethod.Delete, ImageUrl(id), ct, acceptNotFound: true);
            return response.StatusCode != HttpStatusCode.NotFound;
        }
        // A DELETE is retried when an attempt times out; if that attempt did reach Glance, the retry finds the image
        // mid-deletion and Glance answers 400 "status transition from deleted to deleted". The image is gone: success.
        catch (OpenStackException e) when (e.Status == HttpStatusCode.BadRequest
                                           && e.Reason.Contains("from deleted to deleted", StringComparison.Ordinal))
        {
            return false;
        }
    }

    public static async Task ImageActionAsync(this GlanceClient glance, string id, string action, CancellationToken ct)
    {
        using var _ = await glance.SendAsync(HttpMethod.Post, $"{ImageUrl(id)}/actions/{action}", ct);
    }

    /// <summary>Streams <paramref name="data"/> to Glance as the image's data. The stream is read once: no retry.</summary>
    public static async Task UploadAsync(this GlanceClient glance, string id, Stream data, long? length, CancellationToken ct)
    {
        var sent = false;
        using var _ = await glance.SendAsync(HttpMethod.Put, $"{ImageUrl(id)}/file", () =>
        {
            if (sent) throw new InvalidOperationException("The upload stream was already sent; it cannot be sent twice.");
            sent = true;
            var content = new StreamContent(data, 1 << 16);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            if (length is long n) content.Headers.ContentLength = n;
            return content;
        }, ct);
    }

    /// <summary>The import methods this Glance offers (GET /v2/info/import).</summary>
    public static async Task<IReadOnlyList<string>> ImportMethodsAsync(this GlanceClient glance, CancellationToken ct)
    {
        using var response = await glance.SendAsync(HttpMethod.Get, "/v2/info/import", ct, acceptNotFound: true);
        if (response.StatusCode == HttpStatusCode.NotFound) return [];
        using var doc = await ReadJsonAsync(response, ct);
        return doc.RootElement.TryGetProperty("import-methods", out var methods) && methods.TryGetProperty("value", out var values)
               && values.ValueKind == JsonValueKind.Array
            ? values.EnumerateArray().Select(v => v.GetString()).OfType<string>().ToList() : [];
    }

    /// <summary>Asks Glance to fetch <paramref name="url"/> itself (interoperable import, method web-download).</summary>
    public static async Task ImportFromUrlAsync(this GlanceClient glance, string id, string url, CancellationToken ct)
    {
        var body = new JsonObject { ["method"] = new JsonObject { ["name"] = "web-download", ["uri"] = url } };
        using var _ = await glance.SendAsync(HttpMethod.Post, $"{ImageUrl(id)}/import", Json(body), ct);
    }

    /// <summary>The image data response (200, 206 or 204 when there is none); the caller streams and disposes it.</summary>
    public static Task<HttpResponseMessage> DownloadAsync(this GlanceClient glance, string id, string? range, CancellationToken ct) =>
        glance.SendAsync(HttpMethod.Get, $"{ImageUrl(id)}/file", null, ct, completion: HttpCompletionOption.ResponseHeadersRead,
            configure: range is null ? null : request => request.Headers.TryAddWithoutValidation("Range", range));

    public static async Task AddMemberAsync(this GlanceClient glance, string id, string project, CancellationToken ct)
    {
        using var _ = await glance.SendAsync(HttpMethod.Post, $"{ImageUrl(id)}/members", Json(new JsonObject { ["member"] = project }), ct);
    }

    public static async Task<bool> RemoveMemberAsync(this GlanceClient glance, string id, string project, CancellationToken ct)
    {
        using var response = await glance.SendAsync(HttpMethod.Delete, $"{ImageUrl(id)}/members/{Uri.EscapeDataString(project)}", ct, acceptNotFound: true);
        return response.StatusCode != HttpStatusCode.NotFound;
    }

    public static async Task SetMemberStatusAsync(this GlanceClient glance, string id, string project, string status, CancellationToken ct)
    {
        using var _ = await glance.SendAsync(HttpMethod.Put, $"{ImageUrl(id)}/members/{Uri.EscapeDataString(project)}",
            Json(new JsonObject { ["status"] = status }), ct);
    }
}
