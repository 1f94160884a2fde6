using System.Text;
using Microsoft.Extensions.Options;
using PanelImages.Errors;
using PanelImages.OpenApi;

namespace PanelImages.Web;

/// <summary>
/// GET /backend/events: <c>event: catalog</c> / <c>data: {"version": N}</c> whenever the catalogue changes, and a
/// comment heartbeat so proxies keep the connection. The page refetches what it shows when it hears one.
/// </summary>
public static class LiveEvents
{
    public static IEndpointRouteBuilder MapLiveEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/backend/events", Stream).RequireAuthorization().WithTags("Live").WithName("LiveEvents").DescribesLiveEvents()
            .WithSummary("Server-sent events: `catalog` with the catalogue version whenever it changes; a heartbeat every 15 s.");
        return app;
    }

    private static async Task Stream(HttpContext context, CatalogWatcher watcher, IOptions<LiveEventsOptions> options)
    {
        if (context.Request.Query.Count > 0)
            throw ApiException.BadRequest($"Unknown query parameter '{context.Request.Query.Keys.First()}'; /backend/events takes none.");
        var channel = watcher.Subscribe() ?? throw new ApiException(StatusCodes.Status503ServiceUnavailable,
            "Too many open event streams on this instance; try again later.");
        try
        {
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            var ct = context.RequestAborted;
            await WriteAsync(response, "retry: 2000\n: connected\n\n", ct);
            if (watcher.Current >= 0) channel.Writer.TryWrite(watcher.Current);
            var heartbeat = TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(heartbeat);
                try
                {
                    var version = await channel.Reader.ReadAsync(wait.Token);
                    await WriteAsync(response, $"event: catalog\ndata: {{\"version\": {version}}}\n\n", ct);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await WriteAsync(response, ": heartbeat\n\n", ct);
                }
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The page went away.
        }
        finally
        {
            watcher.Unsubscribe(channel);
        }
    }

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await response.Body.FlushAsync(ct);
    }
}
