using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace PanelImages.Errors;

/// <summary>The one place that turns failures into <c>{"detail": "..."}</c> responses.</summary>
public sealed class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, detail) = exception switch
        {
            ApiException api => (api.StatusCode, api.Detail),
            BadHttpRequestException bad => (bad.StatusCode, bad.Message),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "Client closed the request."),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error."),
        };
        if (status >= 500)
            logger.LogError(exception, "Unhandled failure on {Method} {Path}", context.Request.Method, context.Request.Path);
        await ErrorResponses.WriteAsync(context, status, detail);
        return true;
    }
}

public static class ErrorResponses
{
    public static async Task WriteAsync(HttpContext context, int status, string detail)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body, Listing.JsonOutput.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("detail", detail);
        writer.WriteEndObject();
        await writer.FlushAsync();
    }

    /// <summary>Gives bodiless framework responses (unknown route, wrong method) the same JSON shape.</summary>
    public static IApplicationBuilder UseJsonStatusCodePages(this IApplicationBuilder app) =>
        app.UseStatusCodePages(ctx =>
        {
            var status = ctx.HttpContext.Response.StatusCode;
            var detail = status switch
            {
                404 => "Not found.",
                405 => $"Method \"{ctx.HttpContext.Request.Method}\" not allowed.",
                415 => "Unsupported media type in request.",
                _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
            };
            return WriteAsync(ctx.HttpContext, status, detail);
        });
}
