using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace PanelImages.Errors;

/// <summary>The one place that turns failures into <c>{"detail": "..."}</c> responses.</summary>
public sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var (status, detail) = exception switch
        {
            ApiException api => (api.StatusCode, api.Detail),
            OpenStack.OpenStackException os => OpenStackFailure(os),
            BadHttpRequestException bad => (bad.StatusCode, bad.Message),
            System.Text.Json.JsonException json => (StatusCodes.Status400BadRequest, $"Invalid JSON: {json.Message}"),
            InvalidDataException data => (StatusCodes.Status400BadRequest, $"Malformed request body: {data.Message}"),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "Client closed the request."),
            _ when CatalogueUnavailable(exception) => (StatusCodes.Status503ServiceUnavailable,
                "The catalogue database is unavailable; try again shortly."),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error."),
        };
        if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = "5";
        if (status >= 500)
            logger.LogError(exception, "Failure on {Method} {Path} (request {RequestId}): {Detail}",
                context.Request.Method, context.Request.Path, ErrorResponses.RequestId(context), detail);
        if (exception is ApiException { RetryAfter: { } retryAfter }) ErrorResponses.SetRetryAfter(context, retryAfter);
        await ErrorResponses.WriteAsync(context, status, detail, (exception as ApiException)?.Extensions);
        return true;
    }
}

public sealed partial class ApiExceptionHandler
{
    /// <summary>
    /// The database cannot be reached (PostgreSQL down or restarting, connection refused, pool exhausted while it comes
    /// back; SQLite locked beyond its timeout): a passing outage, 503 — never a 500, never a partial page.
    /// </summary>
    public static bool CatalogueUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case Npgsql.NpgsqlException { IsTransient: true }:
                case Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "3D000" }: // shutdown, starting, no db
                case Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }: // SQLITE_BUSY, SQLITE_LOCKED
                case System.Net.Sockets.SocketException:
                    return true;
                case InvalidOperationException when e.Message.Contains("transient failure", StringComparison.Ordinal):
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Glance's 400/403/404/409/413 keep their meaning, with Glance's own message; an unreachable or failing cloud is
    /// 503/502 naming the service, region and failure.
    /// </summary>
    public static (int Status, string Detail) OpenStackFailure(OpenStack.OpenStackException e)
    {
        var where = e.Region is null ? e.Service : $"{e.Service} in region {e.Region}";
        return e.Status switch
        {
            null => (StatusCodes.Status503ServiceUnavailable, $"OpenStack is unreachable: {where} did not answer ({e.Reason})."),
            System.Net.HttpStatusCode.BadRequest => (400, $"Glance refused the request: {e.Reason}"),
            System.Net.HttpStatusCode.Forbidden => (403, $"Glance refused the request: {e.Reason}"),
            System.Net.HttpStatusCode.NotFound => (404, $"Not found in {where}: {e.Reason}"),
            System.Net.HttpStatusCode.Conflict => (409, $"Glance reports a conflict: {e.Reason}"),
            System.Net.HttpStatusCode.RequestEntityTooLarge => (413, $"Glance refused the data as too large: {e.Reason}"),
            System.Net.HttpStatusCode.Unauthorized => (502, $"OpenStack authentication failed for {where}: {e.Reason}"),
            System.Net.HttpStatusCode.ServiceUnavailable => (503, $"{where} is unavailable: {e.Reason}"),
            _ => (502, $"{where} failed: {(int)e.Status} {e.Reason}"),
        };
    }
}

public static class ErrorResponses
{
    public const string RequestIdHeader = "X-Request-Id";

    /// <summary>
    /// <c>{"detail", "request_id"}</c> and the same id in <c>X-Request-Id</c>: the request's W3C trace id, which is on
    /// every log line and trace of that request, so support can find a customer's failed call from either.
    /// <paramref name="extensions"/> adds members after them (e.g. <c>otp_required</c>).
    /// </summary>
    public static async Task WriteAsync(HttpContext context, int status, string detail,
        IReadOnlyDictionary<string, object?>? extensions = null)
    {
        if (context.Response.HasStarted) return;
        var requestId = RequestId(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers[RequestIdHeader] = requestId;
        await using var writer = new Utf8JsonWriter(context.Response.Body, Listing.JsonOutput.WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("detail", detail);
        writer.WriteString("request_id", requestId);
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>())
        {
            switch (value)
            {
                case bool b: writer.WriteBoolean(name, b); break;
                case int n: writer.WriteNumber(name, n); break;
                case null: writer.WriteNull(name); break;
                default: writer.WriteString(name, value.ToString()); break;
            }
        }
        writer.WriteEndObject();
        await writer.FlushAsync();
    }

    public static string RequestId(HttpContext context) =>
        System.Diagnostics.Activity.Current is { IdFormat: System.Diagnostics.ActivityIdFormat.W3C } activity
            ? activity.TraceId.ToHexString() : context.TraceIdentifier;

    public static void SetRetryAfter(HttpContext context, TimeSpan retryAfter) =>
        context.Response.Headers.RetryAfter = ((long)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds))).ToString();

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
