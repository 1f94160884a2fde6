using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace PanelImages.Tests.OpenApi;

/// <summary>
/// The app's own OpenAPI document as a contract for its responses: a response conforms when its status is documented
/// for that path and method, its media type is one the document gives for that status, every documented header is
/// there, and a JSON body validates against the documented schema (JSON Schema 2020-12, formats checked).
/// Shared with tests/PanelImages.OpenStackTests (linked there).
/// </summary>
public sealed class OpenApiContract(JsonObject document)
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

    public JsonObject Document { get; } = document;

    public static async Task<OpenApiContract> LoadAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/openapi/v1.json");
        return new OpenApiContract(JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>Every (METHOD, path template) the document describes.</summary>
    public IEnumerable<(string Method, string Path)> Operations() =>
        Document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()
            .Where(o => o.Key is "get" or "post" or "put" or "patch" or "delete")
            .Select(o => (o.Key.ToUpperInvariant(), p.Key)));

    /// <summary>What is wrong with <paramref name="response"/> to <c>method path</c> by the document; empty when it conforms.</summary>
    public async Task<List<string>> ProblemsAsync(string method, string path, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsByteArrayAsync();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        // TryGetValues: Contains throws for a content header asked of the response headers and vice versa.
        return Problems(method, path, status, mediaType, body, name => response.Headers.TryGetValues(name, out _) || response.Content.Headers.TryGetValues(name, out _));
    }

    public List<string> Problems(string method, string path, int status, string? mediaType, byte[] body, Func<string, bool> hasHeader)
    {
        var where = $"{method} {path} → {status}";
        if (Document["paths"]?[path]?[method.ToLowerInvariant()] is not JsonObject operation)
            return [$"{method} {path} is not in the document."];
        var responses = operation["responses"]!.AsObject();
        if (responses[status.ToString()] is not JsonObject documented)
            return [$"{where}: status {status} is not documented (documented: {string.Join(", ", responses.Select(r => r.Key))})."];

        var problems = new List<string>();
        foreach (var (header, _) in documented["headers"]?.AsObject() ?? [])
            if (!hasHeader(header)) problems.Add($"{where}: documented header {header} is missing.");
        var content = documented["content"]?.AsObject();
        if (body.Length == 0 && mediaType is null)
        {
            if (content is { Count: > 0 }) problems.Add($"{where}: no body, but the document gives {string.Join(", ", content.Select(c => c.Key))}.");
            return problems;
        }
        if (content?[mediaType ?? ""] is not JsonObject media)
        {
            problems.Add($"{where}: a {mediaType} body of {body.Length} bytes, but the document gives "
                + (content is null ? "no body." : string.Join(", ", content.Select(c => c.Key)) + "."));
            return problems;
        }
        if (mediaType != "application/json") return problems;

        var schema = _schemas.GetOrAdd($"{method} {path} {status}", _ => Compile(media["schema"]!));
        using var json = JsonDocument.Parse(body);
        var result = schema.Evaluate(json.RootElement, Evaluation);
        if (!result.IsValid)
            problems.AddRange((result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{where}: at '{d.InstanceLocation}' ({d.EvaluationPath}): {e.Value}"))
                .DefaultIfEmpty($"{where}: the body does not match the documented schema."));
        return problems;
    }

    /// <summary>The operation's schema as a standalone JSON Schema: the document's components become its $defs.</summary>
    private JsonSchema Compile(JsonNode schema)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = Document["components"]?["schemas"]?.DeepClone() ?? new JsonObject(),
            ["allOf"] = new JsonArray(schema.DeepClone()),
        };
        var text = root.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/");
        return JsonSchema.FromText(text, baseUri: new Uri($"https://panelimages.test/schemas/{Guid.NewGuid():N}"));
    }
}
