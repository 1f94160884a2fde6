namespace PanelImages.Notifications;

public static class NotificationSetup
{
    /// <summary>The Glance notification consumers (off, with one log line, without Notifications:Regions).</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section)
            .Validate(o => o.Prefetch is >= 1 and <= 5000, "Notifications:Prefetch must be 1..5000.")
            .Validate(o => o.ReconnectSeconds is >= 1 and <= 300, "Notifications:ReconnectSeconds must be 1..300.")
            .Validate(o => o.InboxRetentionHours >= 1, "Notifications:InboxRetentionHours must be at least 1.")
            .Validate(o => o.Regions.All(r => !string.IsNullOrWhiteSpace(r.Region) && r.Region.Length <= 64), "Notifications:Regions[]:Region is required (at most 64 characters).")
            .Validate(o => o.Regions.All(r => Uri.TryCreate(r.TransportUrl, UriKind.Absolute, out var u) && u.Scheme is "amqp" or "amqps" or "rabbit"),
                "Notifications:Regions[]:TransportUrl must be an amqp://, amqps:// or rabbit:// URL.")
            .Validate(o => o.Regions.All(r => !string.IsNullOrWhiteSpace(r.Exchange) && !string.IsNullOrWhiteSpace(r.Topic)), "Notifications:Regions[]: Exchange and Topic must not be empty.")
            .Validate(o => o.Regions.Select(r => r.Region).Distinct().Count() == o.Regions.Count, "Notifications:Regions: one entry per region.")
            .ValidateOnStart();
        services.AddSingleton<NotificationState>();
        services.AddHostedService<NotificationConsumerService>();
        return services;
    }
}
