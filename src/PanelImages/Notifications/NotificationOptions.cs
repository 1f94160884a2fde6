namespace PanelImages.Notifications;

/// <summary>
/// Where each region's Glance publishes its notifications (the <c>[oslo_messaging_notifications]</c> transport_url and
/// topics of that region's glance-api.conf). A region without an entry is kept fresh by the sync alone.
/// </summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    public bool Enabled { get; set; } = true;
    public List<NotificationRegion> Regions { get; set; } = [];
    /// <summary>Unacknowledged messages per region in flight; also the largest batch committed at once.</summary>
    public int Prefetch { get; set; } = 200;
    /// <summary>Seconds between connection attempts while the broker cannot be reached at all.</summary>
    public int ReconnectSeconds { get; set; } = 2;
    /// <summary>How long processed message ids are kept to recognise redeliveries and re-published copies.</summary>
    public int InboxRetentionHours { get; set; } = 72;
    /// <summary>
    /// After the broker comes back, run one full sync of the region: Glance's exchange is not durable, so what Glance
    /// published before our binding was redeclared is lost to us.
    /// </summary>
    public bool CatchUpAfterOutage { get; set; } = true;

    public bool IsConfigured => Enabled && Regions.Count > 0;
}

public sealed class NotificationRegion
{
    /// <summary>The region (id as in the Keystone catalog) every message of this connection belongs to.</summary>
    public string Region { get; set; } = "";
    /// <summary>amqp://user:pass@host:5672/vhost; oslo's rabbit:// form is accepted too.</summary>
    public string TransportUrl { get; set; } = "";
    /// <summary>oslo.messaging's control_exchange of the service: <c>glance</c>.</summary>
    public string Exchange { get; set; } = "glance";
    /// <summary>oslo's notification topic; messages are routed with <c>{Topic}.info</c>.</summary>
    public string Topic { get; set; } = "notifications";
    /// <summary>Our own durable queue; every app instance of one region consumes the same one (competing consumers).</summary>
    public string? Queue { get; set; }

    public string EffectiveQueue => string.IsNullOrWhiteSpace(Queue) ? $"panelimages.notifications.{Region}" : Queue!;
    public string RoutingKey => $"{Topic}.info";

    public Uri AmqpUri
    {
        get
        {
            var b = new UriBuilder(TransportUrl.Trim());
            if (b.Scheme == "rabbit") b.Scheme = "amqp";
            // oslo's rabbit://h:5672/ names the default vhost "/", as the .NET client reads an empty path.
            return b.Uri;
        }
    }
}
