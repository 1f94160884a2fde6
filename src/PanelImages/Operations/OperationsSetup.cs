using System.ComponentModel.DataAnnotations;

namespace PanelImages.Operations;

public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>
    /// After SIGTERM, how long in-flight requests and uploads may take to finish (HostOptions.ShutdownTimeout) before
    /// their connections are cut. New connections are refused at once and /healthz/ready answers 503.
    /// </summary>
    [Range(1, 86_400)] public int TimeoutSeconds { get; set; } = 30;
}

public static class OperationsSetup
{
    /// <summary>Graceful shutdown and the retention job.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddOptions<ShutdownOptions>().BindConfiguration(ShutdownOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HostOptions>().Configure<Microsoft.Extensions.Options.IOptions<ShutdownOptions>>((host, shutdown) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(shutdown.Value.TimeoutSeconds));
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<StepDownOnShutdown>();
        services.AddSingleton<RetentionJob>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionJob>());
        return services;
    }
}

/// <summary>On SIGTERM, first of all: the sync lead goes (while Kestrel still drains in-flight requests).</summary>
internal sealed class StepDownOnShutdown(Sync.SyncLeadership leadership) : IHostedLifecycleService
{
    public Task StoppingAsync(CancellationToken ct) => leadership.StepDownAsync();
    public Task StartingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
