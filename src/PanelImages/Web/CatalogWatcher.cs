using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PanelImages.Catalog;
using PanelImages.Listing;

namespace PanelImages.Web;

public sealed class LiveEventsOptions
{
    public const string Section = "LiveEvents";

    /// <summary>How often the one watcher of this process reads the catalogue version.</summary>
    [System.ComponentModel.DataAnnotations.Range(50, 10_000)]
    public int PollMilliseconds { get; set; } = 300;

    [System.ComponentModel.DataAnnotations.Range(1, 300)]
    public int HeartbeatSeconds { get; set; } = 15;

    /// <summary>Open event streams this process keeps at most; more get 503.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int MaxConnections { get; set; } = 1000;
}

/// <summary>
/// One reader of the shared catalogue version per process, fanning changes out to every open event stream. The
/// version lives in the database, so a change made through any instance (or by the sync) reaches every page.
/// It reads only while someone listens.
/// </summary>
public sealed class CatalogWatcher(IServiceScopeFactory scopes, IOptions<LiveEventsOptions> options, ILogger<CatalogWatcher> logger)
    : BackgroundService
{
    private readonly Lock _gate = new();
    private readonly HashSet<Channel<long>> _listeners = [];
    private long _version = -1;

    public long Current => Interlocked.Read(ref _version);

    public int Listeners { get { lock (_gate) return _listeners.Count; } }

    /// <summary>A stream of versions, newest wins (a slow reader skips intermediate ones); null when full.</summary>
    public Channel<long>? Subscribe()
    {
        var channel = Channel.CreateBounded<long>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            if (_listeners.Count >= options.Value.MaxConnections) return null;
            _listeners.Add(channel);
        }
        return channel;
    }

    public void Unsubscribe(Channel<long> channel)
    {
        lock (_gate) _listeners.Remove(channel);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.PollMilliseconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (Listeners == 0) { _version = -1; continue; }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var version = await CatalogVersion.ReadAsync(scope.ServiceProvider.GetRequiredService<CatalogDb>(), stoppingToken);
                if (Interlocked.Exchange(ref _version, version) == version) continue;
                Channel<long>[] targets;
                lock (_gate) targets = [.. _listeners];
                foreach (var target in targets) target.Writer.TryWrite(version);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may blink; the pages keep their stream and get the next change.
                logger.LogWarning(e, "Reading the catalogue version failed");
            }
        }
    }
}
