using System.Globalization;
using System.Text;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.Listing;

namespace PanelImages.Export;

/// <summary>
/// The list's rows as CSV: the fields the list shows the caller's audience, named as in its JSON, with the values
/// the JSON has (ImageJson's rules for what of the owner the caller sees). The client only for staff and
/// resellers, as on the page.
/// </summary>
public static class ImageCsv
{
    private sealed record Column(string Header, Func<ImageRow, ImageJson.Related, string?> Value, bool StaffView = false);

    private static readonly Column[] Columns =
    [
        new("id", (r, _) => r.Image.Id),
        new("name", (r, _) => r.Image.Name),
        new("display_name", (r, _) => ImageJson.DisplayName(r.Image)),
        new("type", (r, _) => r.Image.Type),
        new("status", (r, _) => r.Image.Status),
        new("visibility", (r, _) => r.Image.Visibility),
        new("protected", (r, _) => r.Image.Protected ? "true" : "false"),
        new("disk_format", (r, _) => r.Image.DiskFormat),
        new("size", (r, _) => r.Image.Size?.ToString(CultureInfo.InvariantCulture)),
        new("os_distro", (r, _) => r.Image.OsDistro),
        new("os_version", (r, _) => r.Image.OsVersion),
        new("region", (r, _) => r.Image.Region),
        new("created_at", (r, _) => Time(r.Image.CreatedAt)),
        new("cleanup_date", (_, s) => Time(s.CleanupDate)),
        new("related_instance_name", (_, s) => s.Instance?.Name),
        new("client_name", (_, s) => s.Client?.Name, StaffView: true),
    ];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static IEnumerable<string> Headers(Audience audience) => For(audience).Select(c => c.Header);

    /// <summary>The header record, then one record per row, flushed as they come.</summary>
    public static async Task WriteAsync(Stream body, IAsyncEnumerable<ImageRow> rows, Caller caller, CancellationToken ct)
    {
        var columns = For(caller.Audience).ToList();
        await using var writer = new StreamWriter(body, Utf8, bufferSize: 16 * 1024);
        await writer.WriteAsync(Csv.Record(columns.Select(c => c.Header)).AsMemory(), ct);
        await foreach (var row in rows.WithCancellation(ct))
        {
            var shown = ImageJson.RelatedShown(row, caller);
            await writer.WriteAsync(Csv.Record(columns.Select(c => c.Value(row, shown))).AsMemory(), ct);
        }
    }

    private static IEnumerable<Column> For(Audience audience) => Columns.Where(c => !c.StaffView || audience != Audience.EndUser);

    private static string? Time(DateTime? value) => value is DateTime v ? ImageJson.FormatTime(v) : null;
}
