using System.Buffers;
using System.Text.Json;
using PanelImages.Access;

namespace PanelImages.Listing;

/// <summary>The list response: count, next, previous, objects, totalCount, pageNo, permissions, filter_options — in that order.</summary>
public sealed class ListEnvelope(ImagePage page, Caller caller)
{
    private static readonly (string Display, string Value)[] Statuses =
    [
        ("Active", "active"), ("Deactivated", "deactivated"), ("Deleted", "deleted"), ("Killed", "killed"),
        ("Pending delete", "pending_delete"), ("Queued", "queued"), ("Saving", "saving"),
    ];
    public static readonly string[] HypervisorTypes = ["hyperv", "ironic", "lxc", "qemu", "uml", "vmware", "xen", "kvm", "lxd"];
    private static readonly (string Display, string Value)[] Visibilities =
        [("Community", "community"), ("Private", "private"), ("Public", "public"), ("Shared", "shared")];

    /// <summary>The values filter_options offers for a field (status, visibility); none for others.</summary>
    public static IEnumerable<string> OfferedValues(string field) => field switch
    {
        "status" => Statuses.Select(s => s.Value), "visibility" => Visibilities.Select(v => v.Value), _ => [],
    };

    /// <summary>The whole response body, ready to send or to keep.</summary>
    public byte[] Render(HttpRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        PageEnvelope.Write(buffer, request, page.Count, page.PageNo, page.PageSize,
            w => { foreach (var row in page.Rows) ImageJson.Write(w, row, caller); },
            w =>
            {
                w.WritePropertyName("permissions");
                WritePermissions(w, caller.Permissions);
                w.WriteStartObject("filter_options");
                WriteOptions(w, "status", Statuses);
                WriteOptions(w, "hypervisor_type", HypervisorTypes.Select(h => (h, h)));
                WriteOptions(w, "visibility", Visibilities);
                w.WriteEndObject();
            });
        return buffer.WrittenSpan.ToArray();
    }

    public static void WritePermissions(Utf8JsonWriter w, ImagePermissions permissions)
    {
        w.WriteStartObject();
        foreach (var name in ImagePermissions.Names) w.WriteBoolean(name, permissions.Allows(name));
        w.WriteEndObject();
    }

    private static void WriteOptions(Utf8JsonWriter w, string name, IEnumerable<(string Display, string Value)> options)
    {
        w.WriteStartArray(name);
        foreach (var (display, value) in options)
        {
            w.WriteStartObject();
            w.WriteString("display", display);
            w.WriteString("value", value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

}

/// <summary>count, next, previous, objects, totalCount, pageNo — then whatever a list adds after them.</summary>
public static class PageEnvelope
{
    public static async Task WriteAsync(HttpContext context, int count, int pageNo, int pageSize, Action<Utf8JsonWriter> writeObjects, Action<Utf8JsonWriter>? writeExtras = null)
    {
        context.Response.ContentType = "application/json";
        Write(context.Response.BodyWriter, context.Request, count, pageNo, pageSize, writeObjects, writeExtras);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    public static void Write(IBufferWriter<byte> output, HttpRequest request, int count, int pageNo, int pageSize,
        Action<Utf8JsonWriter> writeObjects, Action<Utf8JsonWriter>? writeExtras = null)
    {
        var lastPage = Math.Max(1, (count + pageSize - 1) / pageSize);
        using var w = new Utf8JsonWriter(output, JsonOutput.WriterOptions);
        w.WriteStartObject();
        w.WriteNumber("count", count);
        WriteLink(w, request, "next", pageNo < lastPage ? pageNo + 1 : null);
        WriteLink(w, request, "previous", pageNo > 1 ? Math.Min(pageNo - 1, lastPage) : null);
        w.WriteStartArray("objects");
        writeObjects(w);
        w.WriteEndArray();
        w.WriteNumber("totalCount", count);
        w.WriteNumber("pageNo", pageNo);
        writeExtras?.Invoke(w);
        w.WriteEndObject();
        w.Flush();
    }

    private static void WriteLink(Utf8JsonWriter w, HttpRequest request, string name, int? target)
    {
        if (target is int p) w.WriteString(name, PageLinks.For(request, p));
        else w.WriteNull(name);
    }
}

/// <summary>
/// Absolute page links that keep every other parameter, as the client sees the service: scheme and host are the
/// request's after the forwarded-headers middleware, which takes them only from configured proxies (Hardening/).
/// </summary>
public static class PageLinks
{
    public static string For(HttpRequest request, int page)
    {
        var scheme = request.Scheme == "https" ? "https" : "http";
        var host = request.Host.Value;
        var parameters = request.Query.Where(q => q.Key != "page")
            .Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value.ToString())).ToList();
        // Like the reference panel: the link to page 1 has no page parameter.
        if (page > 1) parameters.Add("page=" + page);
        var query = parameters.Count == 0 ? "" : "?" + string.Join("&", parameters);
        return $"{scheme}://{host}{request.PathBase}{request.Path}{query}";
    }
}
