using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using PanelImages.Cleanup;
using PanelImages.Flavors;
using PanelImages.OpenStack;
using PanelImages.Projects;

namespace PanelImages.Nova;

public static class NovaSetup
{
    /// <summary>Keystone projects and their mapping, Nova instances and flavors, snapshots/backups, and the cleanup job.</summary>
    public static IServiceCollection AddNovaAndCleanup(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<NovaOptions>().BindConfiguration(NovaOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProjectMappingOptions>().BindConfiguration(ProjectMappingOptions.Section)
            .Validate(o => o.IsValid(out _), "Projects:Mapping is invalid: Rules are name, tag, property; NamePattern needs a group named client.")
            .ValidateOnStart();
        services.AddOptions<CleanupOptions>().BindConfiguration(CleanupOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<NovaRegions>();
        services.AddSingleton<KeystoneProjects>();
        services.AddSingleton<ProjectSync>();
        services.AddSingleton<NovaSyncService>();
        services.AddSingleton<CleanupJob>();
        services.AddHostedService<NovaBackgroundService>();
        services.AddHostedService<CleanupBackgroundService>();
        services.AddHostedService<CleanupDefaultsAtStart>();
        services.AddHttpClient(NovaClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => OpenStackSetup.CreateHandler(sp.GetRequiredService<IOptions<OpenStackOptions>>().Value))
            .AddStandardResilienceHandler().SelectPipelineByAuthority().Configure((r, sp) =>
            {
                var o = sp.GetRequiredService<IOptions<OpenStackOptions>>().Value;
                r.AttemptTimeout.Timeout = TimeSpan.FromSeconds(o.AttemptTimeoutSeconds);
                r.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(Math.Max(o.TotalTimeoutSeconds, o.AttemptTimeoutSeconds * 2));
                r.CircuitBreaker.SamplingDuration = r.AttemptTimeout.Timeout * 2;
                r.Retry.MaxRetryAttempts = Math.Max(1, o.Retries);
                r.Retry.Delay = TimeSpan.FromMilliseconds(200);
                // A createImage/createBackup that reached Nova made an image: never send it twice.
                r.Retry.DisableFor(HttpMethod.Post);
            });
        return services;
    }

    public static IEndpointRouteBuilder MapNovaAndCleanup(this IEndpointRouteBuilder app)
    {
        app.MapInstancesApi();
        app.MapFlavorsApi();
        app.MapProjectsApi();
        app.MapProjectMappingApi();
        app.MapCleanupApi();
        return app;
    }

    /// <summary>The global default cleanup policy reaches the clients that follow it before the first request.</summary>
    private sealed class CleanupDefaultsAtStart(IServiceScopeFactory scopes, IOptions<CleanupOptions> options) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            await using var scope = scopes.CreateAsyncScope();
            await CleanupPolicy.ApplyDefaultAsync(scope.ServiceProvider.GetRequiredService<Catalog.CatalogDb>(), options.Value.Default, ct);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
