using System.Text.Json;
using System.Text.Json.Nodes;
using PanelImages.Errors;
using PanelImages.Hardening;

namespace PanelImages.Images;

/// <summary>A request body as a JSON object, read field by field with errors that name the field. Unknown fields are refused.</summary>
public sealed class JsonBody(JsonObject fields)
{
    public JsonObject Fields { get; } = fields;

    public static async Task<JsonBody> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "Send the body as application/json.");
        var limits = RequestLimitsOptions.Of(request.HttpContext);
        var bytes = await ReadBoundedAsync(request.Body, limits.MaxJsonBytes, request.ContentLength, ct);
        return Parse(bytes, limits.MaxJsonDepth) is JsonObject o ? new JsonBody(o) : throw ApiException.BadRequest("The body must be a JSON object.");
    }

    /// <summary>At most <paramref name="limit"/> bytes of a body; 413 naming the limit beyond it.</summary>
    public static async Task<byte[]> ReadBoundedAsync(Stream body, int limit, long? declared, CancellationToken ct)
    {
        if (declared > limit) throw TooLarge(limit);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit) throw TooLarge(limit);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static ApiException TooLarge(int limit) =>
        new(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {limit} bytes (Limits:MaxJsonBytes).");

    /// <summary>
    /// Parses strictly: no duplicate keys, every string valid UTF-8 / UTF-16 (no lone surrogates) and free of NUL, at most
    /// <paramref name="maxDepth"/> levels. What is returned can then be read without any further parse failure.
    /// </summary>
    public static JsonNode? Parse(ReadOnlyMemory<byte> utf8, int maxDepth)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            // "The maximum configured depth of N has been exceeded"; a truncated body's message speaks of depth too
            // ("Expected depth to be zero at the end"), so the match is on the whole phrase.
            throw ApiException.BadRequest(e.Message.Contains("maximum configured depth", StringComparison.OrdinalIgnoreCase)
                ? $"The body nests deeper than {maxDepth} levels (Limits:MaxJsonDepth)."
                : $"The body is not valid JSON: {e.Message}");
        }
        catch (InvalidOperationException) // a property name that cannot be decoded, met while looking for duplicates
        {
            throw InvalidText();
        }
        using (document)
        {
            CheckStrings(document.RootElement);
            return document.RootElement.ValueKind switch
            {
                JsonValueKind.Object => JsonObject.Create(document.RootElement.Clone()),
                JsonValueKind.Array => JsonArray.Create(document.RootElement.Clone()),
                _ => JsonValue.Create(document.RootElement.Clone()),
            };
        }
    }

    private static void CheckStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    CheckString(() => property.Name);
                    CheckStrings(property.Value);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) CheckStrings(item);
                break;
            case JsonValueKind.String:
                CheckString(element.GetString);
                break;
        }
    }

    private static ApiException InvalidText() =>
        ApiException.BadRequest("The body is not valid JSON: a string holds invalid UTF-8 or a lone UTF-16 surrogate.");

    private static void CheckString(Func<string?> read)
    {
        string? text;
        try { text = read(); }
        catch (InvalidOperationException)
        {
            throw InvalidText();
        }
        if (text?.Contains('\0') == true) throw ApiException.BadRequest(Hardening.Text.NulDetail("A string of the body"));
    }

    public bool Has(string name) => Fields.ContainsKey(name);

    /// <summary>Refuses fields outside <paramref name="allowed"/>; <paramref name="forbidden"/> ones (known, but not for this caller) are a 403.</summary>
    public void Allow(IReadOnlyCollection<string> allowed, IReadOnlyCollection<string>? forbidden = null)
    {
        foreach (var (name, _) in Fields)
        {
            if (allowed.Contains(name)) continue;
            if (forbidden?.Contains(name) == true)
                throw ApiException.Forbidden($"Field \"{name}\" may only be set by staff.");
            throw ApiException.BadRequest($"Unknown field \"{name}\". Allowed: {string.Join(", ", allowed)}.");
        }
    }

    public string? String(string name, int maxLength = 255, bool nullable = true)
    {
        if (!Fields.TryGetPropertyValue(name, out var node) || node is null)
            return nullable ? null : throw ApiException.BadRequest($"Field \"{name}\" is required.");
        if (node.GetValueKind() != JsonValueKind.String) throw ApiException.BadRequest($"Field \"{name}\" must be a string.");
        var value = node.GetValue<string>();
        return value.Length > maxLength ? throw ApiException.BadRequest($"Field \"{name}\" is longer than {maxLength} characters.") : value;
    }

    public string? Choice(string name, IReadOnlyCollection<string> choices)
    {
        var value = String(name);
        return value is null || choices.Contains(value) ? value
            : throw ApiException.BadRequest($"Field \"{name}\": \"{value}\" is not one of {string.Join(", ", choices)}.");
    }

    public int? Int(string name, int min = 0, int max = int.MaxValue)
    {
        if (!Fields.TryGetPropertyValue(name, out var node) || node is null) return null;
        if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var n) && n >= min && n <= max) return n;
        throw ApiException.BadRequest($"Field \"{name}\" must be an integer from {min} to {max}.");
    }

    public bool? Bool(string name)
    {
        if (!Fields.TryGetPropertyValue(name, out var node) || node is null) return null;
        return node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ApiException.BadRequest($"Field \"{name}\" must be true or false."),
        };
    }

    public List<string>? StringList(string name, int maxItems = 128, int maxLength = 255)
    {
        if (!Fields.TryGetPropertyValue(name, out var node) || node is null) return null;
        if (node is not JsonArray array || array.Count > maxItems
            || array.Any(i => i is null || i.GetValueKind() != JsonValueKind.String || i.GetValue<string>().Length > maxLength))
            throw ApiException.BadRequest($"Field \"{name}\" must be a list of at most {maxItems} strings of at most {maxLength} characters.");
        return array.Select(i => i!.GetValue<string>()).ToList();
    }

    /// <summary>An object of string (or, when <paramref name="allowNull"/>, null) values, keys and values ASCII as Glance requires.</summary>
    public Dictionary<string, string?>? Properties(string name, IReadOnlyCollection<string> reserved, bool allowNull)
    {
        if (!Fields.TryGetPropertyValue(name, out var node) || node is null) return null;
        if (node is not JsonObject obj) throw ApiException.BadRequest($"Field \"{name}\" must be an object of string values.");
        var result = new Dictionary<string, string?>();
        foreach (var (key, value) in obj)
        {
            if (key.Length is 0 or > 255 || !key.All(char.IsAscii) || key.Any(char.IsControl))
                throw ApiException.BadRequest($"Property name \"{key}\" must be 1 to 255 ASCII characters.");
            if (reserved.Contains(key))
                throw ApiException.BadRequest($"\"{key}\" is an image field, not a free property; set it as a field.");
            if (value is null && allowNull) { result[key] = null; continue; }
            if (value is null || value.GetValueKind() != JsonValueKind.String)
                throw ApiException.BadRequest($"Property \"{key}\" must have a string value{(allowNull ? " (or null to remove it)" : "")}.");
            var text = value.GetValue<string>();
            if (!text.All(char.IsAscii) || text.Length > 65535)
                throw ApiException.BadRequest($"Only ASCII characters are allowed for properties and values (\"{key}\").");
            result[key] = text;
        }
        return result;
    }
}
