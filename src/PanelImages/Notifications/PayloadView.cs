using System.Text.Json;

namespace PanelImages.Notifications;

/// <summary>
/// A notification payload is Glance's legacy image view: custom properties nested under <c>properties</c>, plus
/// <c>is_public</c>, <c>deleted</c>, <c>deleted_at</c> and, on prepare/upload, import bookkeeping at the top level.
/// The sync's mapper reads the v2 API view, where custom properties are top-level keys; this rewrites one into the other.
/// </summary>
public static class PayloadView
{
    // The image attributes of the legacy view (glance/notifier.py format_image_notification) and the v2-only ones a
    // newer Glance may add. Anything else at the top level is notification bookkeeping, not an image property.
    private static readonly HashSet<string> TopLevel =
    [
        "id", "name", "status", "visibility", "protected", "os_hidden", "checksum", "os_hash_algo", "os_hash_value",
        "owner", "size", "virtual_size", "min_ram", "min_disk", "container_format", "disk_format", "created_at",
        "updated_at", "tags",
    ];

    public static JsonDocument ToApiView(JsonElement payload)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            var written = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in payload.EnumerateObject())
                if (TopLevel.Contains(p.Name) && written.Add(p.Name)) p.WriteTo(w);
            if (payload.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
                foreach (var p in properties.EnumerateObject())
                    if (written.Add(p.Name)) p.WriteTo(w);
            w.WriteEndObject();
        }
        return JsonDocument.Parse(buffer.WrittenMemory);
    }
}
