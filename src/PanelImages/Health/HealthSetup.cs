using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PanelImages.Health;

public sealed class HealthOptions
{
    public const string Section = "Health";

    /// <summary>Ready turns Degraded when a region's last successful sync is older than this.</summary>
    [Range(1, 100_000)] public int SyncMaxAgeMinutes { get; set; } = 60;
}

/// <summary>
/// /healthz/live: the process answers (no dependency is checked: restarting cannot fix a database outage).
/// /healthz/ready: catalogue reachable and migrated, not shutting down (else 503 Unhealthy); Degraded (still 200) when a
/// region's sync is stale or a notification consumer is disconnected. /healthz: every check, as before.
/// </summary>
public static class HealthSetup
{
    private const string Ready = "ready";

    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHealthChecks()
            .AddCheck<ShutdownCheck>("shutdown", tags: [Ready])
            .AddCheck<CatalogReadyCheck>("catalog", tags: [Ready])
            .AddCheck<SyncFreshnessCheck>("sync", tags: [Ready])
            .AddCheck<NotificationConsumerCheck>("notifications", tags: [Ready]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz");
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync });
        return app;
    }

    /// <summary><c>{"status": "Healthy|Degraded|Unhealthy", "checks": {"catalog": {"status", "description"}, …}}</c>.</summary>
    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await using var w = new Utf8JsonWriter(context.Response.Body);
        w.WriteStartObject();
        w.WriteString("status", report.Status.ToString());
        w.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            w.WriteStartObject(name);
            w.WriteString("status", entry.Status.ToString());
            w.WriteString("description", entry.Description);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
        await w.FlushAsync();
    }
}
