using System.Text.Json.Serialization;

namespace PanelImages.OpenApi.Schemas;

// The staff projects route (Projects/ProjectsApi.cs) writes these records itself; the CLI reads ProjectView too.

public sealed record ProjectList(
    [property: JsonPropertyName("objects")] ProjectView[] Objects,
    [property: JsonPropertyName("count")] int Count);

/// <summary>A Keystone project and the client it maps to.</summary>
/// <param name="Client">The client it maps to; null while unmapped.</param>
/// <param name="MappedBy">How the mapping was made; null while unmapped.</param>
/// <param name="UnmappedReason">Why the mapping rule did not map it; null once mapped.</param>
public sealed record ProjectView(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("domain")] string? Domain,
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("tags")] List<string> Tags,
    [property: JsonPropertyName("client")] int? Client,
    [property: JsonPropertyName("mapped_by")] string? MappedBy,
    [property: JsonPropertyName("unmapped_reason")] string? UnmappedReason);
