using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PanelImages.OpenApi.Schemas;

namespace PanelImages.OpenApi;

/// <summary>/healthz, /healthz/live and /healthz/ready: MapHealthChecks is not a route handler, so the generator does not see them.</summary>
internal static class HealthPaths
{
    public static async Task AddAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Paths.Add("/healthz", EveryCheck(document));
        var report = await context.GetOrCreateSchemaAsync(typeof(HealthReportBody), null, ct);
        document.AddComponent(nameof(HealthReportBody), report);
        var (live, ready) = ProbePaths(document, new OpenApiSchemaReference(nameof(HealthReportBody), document));
        document.Paths.Add("/healthz/live", live);
        document.Paths.Add("/healthz/ready", ready);
    }

    /// <summary>
    /// The probes of Health/HealthSetup.cs, JSON with every check: live for restarting a hung process, ready for
    /// sending traffic. Like /healthz they need no token, are not rate limited and ignore method and query.
    /// </summary>
    private static (OpenApiPathItem Live, OpenApiPathItem Ready) ProbePaths(OpenApiDocument document, IOpenApiSchema report)
    {
        OpenApiResponse Json(string description) => new()
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = report } },
            Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Cache-Control"] = new OpenApiHeader { Description = "no-store", Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
        };
        OpenApiPathItem Probe(string id, string summary, OpenApiResponses responses) => new()
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = id, Summary = summary, Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                    Security = [], Responses = responses,
                },
            },
        };
        return (
            Probe("HealthzLive", "Whether the process answers; checks no dependency (a restart cannot fix a database outage).",
                new OpenApiResponses { ["200"] = Json("Always status Healthy, with no checks.") }),
            Probe("HealthzReady", "Whether this instance should get traffic: checks shutdown, catalog, sync and notifications.",
                new OpenApiResponses
                {
                    ["200"] = Json("Healthy; or Degraded, still serving, when a region's last successful sync is older than "
                        + "Health:SyncMaxAgeMinutes or a region's notification consumer is disconnected."),
                    ["503"] = Json("Unhealthy: the catalogue cannot be reached or lacks a migration, or the instance is shutting down."),
                }));
    }

    /// <summary>Every check, as plain text.</summary>
    private static OpenApiPathItem EveryCheck(OpenApiDocument document)
    {
        static OpenApiResponse Text(string description, params string[] bodies) => new()
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. bodies.Select(b => (JsonNode)b)] } },
            },
        };
        return new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    OperationId = "Healthz",
                    Summary = "Whether the service answers and its catalogue database is reachable.",
                    Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                    Security = [],
                    Responses = new OpenApiResponses
                    {
                        ["200"] = Text("Healthy (or degraded).", "Healthy", "Degraded"),
                        ["503"] = Text("The catalogue database cannot be reached.", "Unhealthy"),
                    },
                },
            },
        };
    }
}
