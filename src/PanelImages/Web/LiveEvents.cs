using System.ComponentModel.DataAnnotations;
using System.Text;
using Microsoft.Extensions.Options;
using PanelImages.Access;
using PanelImages.Caching;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.OpenApi;

namespace PanelImages.Web;

public sealed class LiveEventsOptions
{
    public const string Section = "LiveEvents";

    [Range(1, 300)]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>Open event streams this process keeps at most; more get 503.</summary>
    [Range(1, 100_000)]
    public int MaxConnections { get; set; } = 1000;
}

/// <summary>How many event streams this process holds open.</summary>
public sealed class LiveEventStreams(IOptions<LiveEventsOptions> options)
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _open) <= options.Value.MaxConnections) return true;
        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref _open);
}

/// <summary>
/// GET /backend/events: <c>event: catalog</c> / <c>data: {"version": N}</c> at once with the version the caller's
/// answers are at, then whenever a change concerns what the caller can see, and a comment heartbeat so proxies keep
/// the connection. The page refetches what it shows when the version moves. Changes come from
/// <see cref="CatalogChanges"/>, the same copy of the scope versions the caches are served by, so the refetch a
/// change causes is never answered from before it.
/// </summary>
public static class LiveEvents
{
    public static IEndpointRouteBuilder MapLiveEvents(this IEndpointRouteBuilder app)
    {
        app.MapGet("/backend/events", Stream).RequireAuthorization().WithTags("Live").WithName("LiveEvents").DescribesLiveEvents()
            .WithSummary("Server-sent events: `catalog` with the catalogue version at once and whenever a change " +
                "concerns what the caller can see; a heartbeat every 15 s.");
        return app;
    }

    private static async Task Stream(HttpContext context, CatalogDb db, CatalogChanges changes, LiveEventStreams streams,
        IOptions<LiveEventsOptions> options)
    {
        if (context.Request.Query.Count > 0)
            throw ApiException.BadRequest($"Unknown query parameter '{context.Request.Query.Keys.First()}'; /backend/events takes none.");
        // A page may show public and community images on one of its tabs: their changes concern every caller.
        var scope = CacheScope.For(Caller.From(context), new VisibilityRequest(Public: true, Community: true));
        if (!streams.TryEnter())
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, "Too many open event streams on this instance; try again later.");
        try
        {
            var ct = context.RequestAborted;
            var moved = changes.Subscribe(ct);
            await changes.VersionForAsync(db, scope, ct); // reads what this process has not heard of yet
            var sent = changes.Version;
            var response = context.Response;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
            await WriteAsync(response, $"retry: 2000\n: connected\n\nevent: catalog\ndata: {{\"version\": {sent}}}\n\n", ct);
            var heartbeat = TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);
            while (!ct.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(heartbeat);
                try
                {
                    var change = await moved.NextAsync(wait.Token);
                    if (change.Version <= sent || !Concerns(scope, change)) continue;
                    sent = change.Version;
                    await WriteAsync(response, $"event: catalog\ndata: {{\"version\": {sent}}}\n\n", ct);
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
            streams.Leave();
        }
    }

    private static bool Concerns(CacheScope scope, CatalogChange change) =>
        change.Scopes.Any(s => s == CacheScope.Everything || scope.Scopes.Contains(s));

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken ct)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await response.Body.FlushAsync(ct);
    }
}
