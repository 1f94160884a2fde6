using System.Text.Json.Serialization;

namespace PanelImages.OpenApi.Schemas;

/// <summary>Image usage against the Keystone unified limits Glance enforces, per project and region.</summary>
/// <param name="Truncated">True when the caller's projects × regions are more than 100 rows and the rest is left out.</param>
public sealed record UsageBody(
    [property: JsonPropertyName("regions")] ProjectUsage[] Regions,
    [property: JsonPropertyName("truncated")] bool Truncated);

/// <summary>One project in one region: what Glance counts and the limit it enforces.</summary>
/// <param name="Images">Images of the project that Glance counts (not killed or deleted) against image_count_total.</param>
/// <param name="SizeMib">Stored data of those images in whole MiB against image_size_total (MiB).</param>
/// <param name="Uploading">Images being uploaded or imported (saving, uploading, importing) against image_count_uploading.</param>
public sealed record ProjectUsage(
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("project")] string Project,
    [property: JsonPropertyName("project_name")] string? ProjectName,
    [property: JsonPropertyName("client")] int Client,
    [property: JsonPropertyName("images")] UsedOfLimit Images,
    [property: JsonPropertyName("size_mib")] UsedOfLimit SizeMib,
    [property: JsonPropertyName("uploading")] UsedOfLimit Uploading);

/// <param name="Limit">The project's limit in Keystone, else the registered default for the region; null when Keystone
/// has neither (Glance then refuses the resource if it enforces unified limits, and ignores it if not).</param>
public sealed record UsedOfLimit(
    [property: JsonPropertyName("used")] long Used,
    [property: JsonPropertyName("limit")] long? Limit);
