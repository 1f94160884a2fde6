using System.Globalization;
using System.Text.Json;
using PanelImages.OpenStack;

namespace PanelImages.Notifications;

/// <summary>One Glance notification, decoded from oslo.messaging's messagingv2 envelope.</summary>
public sealed record GlanceEvent(
    string MessageId, string? PublisherId, string EventType, string? Priority, DateTime Timestamp, JsonElement Payload)
{
    public bool IsImageEvent => EventType is "image.create" or "image.update" or "image.prepare" or "image.upload"
        or "image.activate" or "image.deactivate" or "image.reactivate" or "image.delete";
    public bool IsMemberEvent => EventType is "image.member.create" or "image.member.update" or "image.member.delete";

    /// <summary>The image the event is about (payload <c>id</c>, or <c>image_id</c> for members).</summary>
    public string? ImageId => GlanceJson.String(Payload, IsMemberEvent ? "image_id" : "id");
    public string? MemberId => IsMemberEvent ? GlanceJson.String(Payload, "member_id") : null;

    /// <summary>
    /// Parses the envelope <c>{"oslo.version": "2.0", "oslo.message": "&lt;JSON string&gt;"}</c> (or an unwrapped v1
    /// message). Throws <see cref="FormatException"/> with what is wrong; <paramref name="messageId"/> is whatever id
    /// could be read, for the log line of a rejected message.
    /// </summary>
    public static GlanceEvent Parse(ReadOnlyMemory<byte> body, out string? messageId)
    {
        messageId = null;
        JsonElement message;
        try
        {
            using var envelope = JsonDocument.Parse(body);
            var root = envelope.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new FormatException("body is not a JSON object");
            if (root.TryGetProperty("oslo.message", out var inner))
            {
                if (inner.ValueKind != JsonValueKind.String) throw new FormatException("oslo.message is not a string");
                using var decoded = JsonDocument.Parse(inner.GetString()!);
                message = decoded.RootElement.Clone();
            }
            else message = root.Clone();
        }
        catch (JsonException x) { throw new FormatException($"not JSON: {x.Message}", x); }

        if (message.ValueKind != JsonValueKind.Object) throw new FormatException("oslo.message is not a JSON object");
        messageId = GlanceJson.String(message, "message_id");
        if (string.IsNullOrWhiteSpace(messageId) || messageId.Length > 64) throw new FormatException("message_id missing or invalid");
        var eventType = GlanceJson.String(message, "event_type") ?? throw new FormatException("event_type missing");
        // oslo writes "2026-11-26 17:14:45.810502": UTC without a zone.
        if (!DateTime.TryParse(GlanceJson.String(message, "timestamp"), CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var timestamp))
            throw new FormatException("timestamp missing or invalid");
        if (!message.TryGetProperty("payload", out var payload)) throw new FormatException("payload missing");
        var e = new GlanceEvent(messageId, GlanceJson.String(message, "publisher_id"), eventType,
            GlanceJson.String(message, "priority"), DateTime.SpecifyKind(timestamp, DateTimeKind.Utc), payload);
        if (e.IsImageEvent || e.IsMemberEvent)
        {
            if (payload.ValueKind != JsonValueKind.Object) throw new FormatException($"{eventType} payload is not an object");
            if (string.IsNullOrEmpty(e.ImageId) || e.ImageId.Length > 64) throw new FormatException($"{eventType} payload has no image id");
            if (e.IsMemberEvent && (string.IsNullOrEmpty(e.MemberId) || e.MemberId.Length > 64)) throw new FormatException($"{eventType} payload has no member_id");
        }
        return e;
    }
}
