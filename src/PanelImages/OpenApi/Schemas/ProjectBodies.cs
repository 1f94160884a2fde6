using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace PanelImages.OpenApi.Schemas;

// The staff projects routes (Projects/ProjectsApi.cs, ProjectMappingApi.cs) write these records themselves; the CLI
// reads ProjectView too.

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

/// <summary>The client that owns the project from now on (mapped by hand).</summary>
public sealed record ProjectClientChange([property: JsonPropertyName("client"), Required, Range(1, int.MaxValue)] int Client);

/// <summary>A project mapped by hand.</summary>
/// <param name="MappedBy">Always manual here: the rule leaves hand mappings alone.</param>
/// <param name="ImagesRepointed">Images of the project that changed client with this mapping.</param>
public sealed record ProjectMapped(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("client")] int? Client,
    [property: JsonPropertyName("mapped_by")] string? MappedBy,
    [property: JsonPropertyName("images_repointed")] int ImagesRepointed);
