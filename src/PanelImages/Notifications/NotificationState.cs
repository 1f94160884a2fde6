using System.Collections.Concurrent;

namespace PanelImages.Notifications;

/// <summary>What the consumers are doing, for the staff sync status endpoint. Counters are since this process started.</summary>
public sealed class NotificationState
{
    private readonly ConcurrentDictionary<string, RegionConsumerState> _regions = new(StringComparer.Ordinal);

    public bool Enabled { get; set; }
    public string? DisabledReason { get; set; }

    public RegionConsumerState For(string region, string queue) => _regions.GetOrAdd(region, r => new RegionConsumerState(r, queue));

    public IReadOnlyCollection<RegionConsumerState> Regions => _regions.Values.OrderBy(r => r.Region, StringComparer.Ordinal).ToList();

    /// <summary>The <c>notifications</c> block of GET /backend/staffapi/openstack/sync.</summary>
    public object Snapshot()
    {
        var now = DateTime.UtcNow;
        return new
        {
            Enabled,
            DisabledReason,
            Regions = Regions.Select(r => new
            {
                r.Region,
                r.Queue,
                State = r.Connected ? "connected" : "disconnected",
                r.ConnectedSince,
                r.LastError,
                r.LastErrorAt,
                LastMessageAt = r.LastMessageAt,
                // How far behind Glance the catalogue is: the age of the newest event applied.
                LagSeconds = r.LastEventAt is { } t ? Math.Max(0, (now - t).TotalSeconds) : (double?)null,
                Received = r.Received,
                Applied = r.Applied,
                IgnoredOlder = r.IgnoredOlder,
                Duplicates = r.Duplicates,
                DeadLettered = r.DeadLettered,
                Other = r.Other,
            }),
        };
    }
}

public sealed class RegionConsumerState(string region, string queue)
{
    private long _received, _applied, _ignoredOlder, _duplicates, _deadLettered, _other;

    public string Region { get; } = region;
    public string Queue { get; } = queue;
    public volatile bool Connected;
    public DateTime? ConnectedSince { get; set; }
    public string? LastError { get; set; }
    public DateTime? LastErrorAt { get; set; }
    /// <summary>When the last message arrived here (our clock).</summary>
    public DateTime? LastMessageAt { get; set; }
    /// <summary>oslo timestamp of the last message processed (Glance's clock).</summary>
    public DateTime? LastEventAt { get; set; }

    public long Received => Interlocked.Read(ref _received);
    public long Applied => Interlocked.Read(ref _applied);
    public long IgnoredOlder => Interlocked.Read(ref _ignoredOlder);
    public long Duplicates => Interlocked.Read(ref _duplicates);
    public long DeadLettered => Interlocked.Read(ref _deadLettered);
    public long Other => Interlocked.Read(ref _other);

    public void CountReceived() { Interlocked.Increment(ref _received); LastMessageAt = DateTime.UtcNow; }
    public void CountDeadLettered()
    {
        Interlocked.Increment(ref _deadLettered);
        Telemetry.PanelMetrics.NotificationProcessed(Region, "dead_lettered");
    }

    public void Count(Outcome outcome)
    {
        switch (outcome)
        {
            case Outcome.Applied: Interlocked.Increment(ref _applied); break;
            case Outcome.Older: Interlocked.Increment(ref _ignoredOlder); break;
            case Outcome.Duplicate: Interlocked.Increment(ref _duplicates); break;
            default: Interlocked.Increment(ref _other); break;
        }
        Telemetry.PanelMetrics.NotificationProcessed(Region, outcome.ToString().ToLowerInvariant());
    }

    public void Failed(string error) { LastError = error; LastErrorAt = DateTime.UtcNow; }
}

public enum Outcome { Applied, Older, Duplicate, Other }
