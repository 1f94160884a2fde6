using System.Text.Encodings.Web;
using System.Text.Json;

namespace PanelImages.Listing;

public static class JsonOutput
{
    /// <summary>Plain JSON for API clients: no HTML-safe escaping of &amp;, quotes or non-ASCII text.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
