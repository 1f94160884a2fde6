using Microsoft.Net.Http.Headers;

namespace PanelImages.Web;

/// <summary>The page (built by web/ into wwwroot) at <c>/</c> with a fallback for its routes, and its live events.</summary>
public static class WebSetup
{
    public static IServiceCollection AddWebPage(this IServiceCollection services)
    {
        services.AddOptions<LiveEventsOptions>().BindConfiguration(LiveEventsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LiveEventStreams>();
        return services;
    }

    public static WebApplication MapWebPage(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            // Vite names assets by content hash; index.html must always be revalidated.
            OnPrepareResponse = c => c.Context.Response.Headers[HeaderNames.CacheControl] =
                c.Context.Request.Path.StartsWithSegments("/assets") ? "public, max-age=31536000, immutable" : "no-cache",
        });
        app.MapLiveEvents();
        // Page routes (/images/…, /activity, …) get the page; API-like paths keep their JSON 404.
        app.MapGet("/", (IWebHostEnvironment env) => PageIndex(env)).ExcludeFromDescription();
        app.MapFallbackToFile("{*path:regex(^(?!backend/|openapi/|healthz|metrics|bench/|assets/).*$)}", "index.html")
            .WithMetadata(new Microsoft.AspNetCore.Routing.ExcludeFromDescriptionAttribute());
        return app;
    }

    private static IResult PageIndex(IWebHostEnvironment env)
    {
        var index = env.WebRootFileProvider.GetFileInfo("index.html");
        return index.Exists && index.PhysicalPath is { } path
            ? Results.File(path, "text/html; charset=utf-8")
            : throw new Errors.ApiException(StatusCodes.Status404NotFound,
                "The page is not built here (built with -p:SkipWeb=true?); the API is under /backend.");
    }
}
