using System.Text.Json.Serialization;

namespace PanelImages.OpenApi.Schemas;

// What Health/HealthSetup.cs writes for /healthz/live and /healthz/ready (by hand, with a Utf8JsonWriter).

/// <summary>The overall state and each check's.</summary>
/// <param name="Status">Healthy, Degraded or Unhealthy: the worst of the checks.</param>
/// <param name="Checks">By check name (shutdown, catalog, sync, notifications); empty for /healthz/live.</param>
public sealed record HealthReportBody(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("checks")] Dictionary<string, HealthCheckBody> Checks);

public sealed record HealthCheckBody(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("description")] string? Description);
