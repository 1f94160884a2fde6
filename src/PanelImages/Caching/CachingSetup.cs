using Microsoft.EntityFrameworkCore.Diagnostics;

namespace PanelImages.Caching;

public static class CachingSetup
{
    /// <summary>The response and count caches, this process's copy of the scope versions and what keeps it current.</summary>
    public static IServiceCollection AddCatalogCaching(this IServiceCollection services)
    {
        services.AddOptions<CachingOptions>().BindConfiguration(CachingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CatalogChanges>();
        services.AddSingleton<ResponseCache>();
        services.AddSingleton<CountCache>();
        services.AddSingleton<IInterceptor, LocalWriteCommands>();
        services.AddSingleton<IInterceptor, LocalWriteCommits>();
        services.AddHostedService<CatalogChangeListener>();
        return services;
    }
}
