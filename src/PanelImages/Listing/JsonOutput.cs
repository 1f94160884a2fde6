using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PanelImages.Listing;

public static class JsonOutput
{
    /// <summary>Plain JSON for API clients: no HTML-safe escaping of &amp;, quotes or non-ASCII text.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A JSON document as bytes, ready to send or to keep.</summary>
    public static byte[] Render(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) write(writer);
        return buffer.WrittenSpan.ToArray();
    }
}
