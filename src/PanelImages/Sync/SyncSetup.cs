using PanelImages.OpenStack;

namespace PanelImages.Sync;

public static class SyncSetup
{
    /// <summary>OpenStack clients, the sync service and its background loop (idle, with one log line, when no OpenStack is configured).</summary>
    public static IServiceCollection AddOpenStackSync(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOpenStackClients();
        services.AddOptions<SyncOptions>().BindConfiguration(SyncOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SyncService>();
        services.AddSingleton<SyncLeadership>();
        services.AddHostedService<SyncBackgroundService>();
        return services;
    }
}
