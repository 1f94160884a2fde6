using System.Text.Json.Serialization;

namespace PanelImages.Errors;

/// <summary>The shape of every error, for the OpenAPI document (bodies are written by <see cref="ErrorResponses"/>).</summary>
public sealed record ErrorBody([property: JsonPropertyName("detail")] string Detail);
