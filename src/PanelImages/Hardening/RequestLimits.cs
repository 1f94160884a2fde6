using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using PanelImages.Errors;

namespace PanelImages.Hardening;

/// <summary>Caps on a request's shape, each named in the 400 it causes (README "Limits").</summary>
public sealed class RequestLimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Characters of the raw query string, "?" included.</summary>
    [Range(64, 65536)]
    public int MaxQueryStringLength { get; set; } = 4096;

    /// <summary>Bytes of a JSON body (and of all form fields of a multipart create together).</summary>
    [Range(1024, 64 << 20)]
    public int MaxJsonBytes { get; set; } = 1 << 20;

    /// <summary>Nesting levels of a JSON body: {"properties": {...}} is 2.</summary>
    [Range(2, 64)]
    public int MaxJsonDepth { get; set; } = 8;

    public static RequestLimitsOptions Of(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<RequestLimitsOptions>>().Value;
}

public static class RequestLimits
{
    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<RequestLimitsOptions>().BindConfiguration(RequestLimitsOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary>
    /// Refuses, before anything reads them, query strings over the cap and paths or query values holding a NUL, which
    /// PostgreSQL cannot store or compare (text) and SQLite cuts short: one 400 on both databases, on every route.
    /// </summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limits = RequestLimitsOptions.Of(context);
        var request = context.Request;
        var queryLength = request.QueryString.Value?.Length ?? 0;
        if (queryLength > limits.MaxQueryStringLength)
            throw ApiException.BadRequest(
                $"The query string is {queryLength} characters long; at most {limits.MaxQueryStringLength} (Limits:MaxQueryStringLength).");
        if (request.Path.Value?.Contains('\0') == true)
            throw ApiException.BadRequest(Text.NulDetail("The path"));
        foreach (var (key, values) in request.Query)
            if (key.Contains('\0') || values.Any(v => v?.Contains('\0') == true))
                throw ApiException.BadRequest(Text.NulDetail($"Query parameter \"{key.Replace("\0", "")}\""));
        await next(context);
    });
}

public static class Text
{
    public static string NulDetail(string what) =>
        $"{what} contains a NUL character (U+0000), which this service does not accept in any text.";
}
