using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PanelImages.OpenStack;

/// <summary>An OpenStack call that failed: which service, region and URL, the HTTP status (none when unreachable) and the service's own message.</summary>
public sealed partial class OpenStackException(
    string service, string? region, string method, string url, HttpStatusCode? status, string reason, Exception? inner = null)
    : Exception(Describe(service, region, method, url, status, reason), inner)
{
    public string Service { get; } = service;
    public string? Region { get; } = region;
    public string Url { get; } = url;
    public HttpStatusCode? Status { get; } = status;
    /// <summary>The message Glance or Keystone gave (or the transport error), without markup.</summary>
    public string Reason { get; } = reason;

    private static string Describe(string service, string? region, string method, string url, HttpStatusCode? status, string reason) =>
        $"{service}{(region is null ? "" : $" [{region}]")} {method} {url} failed: " +
        (status is null ? reason : $"{(int)status} {status}: {reason}");

    /// <summary>
    /// The message inside an OpenStack error body: Glance sends {"message": "...&lt;br /&gt;"}, Keystone
    /// {"error": {"message": "..."}}; anything else is shown as text, shortened.
    /// </summary>
    public static string MessageFrom(string body)
    {
        if (string.IsNullOrWhiteSpace(body)) return "(no body)";
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object) root = error;
                if (root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                    return Clean(message.GetString()!);
            }
        }
        catch (JsonException) { }
        var text = Clean(body);
        return text.Length > 300 ? text[..300] + "…" : text;
    }

    private static string Clean(string text) => Whitespace().Replace(Markup().Replace(text, " "), " ").Trim();

    [GeneratedRegex("<[^>]+>")] private static partial Regex Markup();
    [GeneratedRegex(@"\s+")] private static partial Regex Whitespace();
}
