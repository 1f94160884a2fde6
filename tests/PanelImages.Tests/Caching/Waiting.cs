using Microsoft.Extensions.DependencyInjection;
using PanelImages.Caching;
using PanelImages.Tests.Infrastructure;

namespace PanelImages.Tests.Caching;

public static class Waiting
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <paramref name="seconds"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out after {seconds} s waiting for: {what}");
            await Task.Delay(10);
        }
    }

    /// <summary>PostgreSQL: until the app's change listener has listened and caught up (SQLite: at once).</summary>
    public static Task UntilListeningAsync(PanelApp app)
    {
        _ = app.Server;
        var changes = app.Services.GetRequiredService<CatalogChanges>();
        return UntilAsync(() => Task.FromResult(app.Kind == DatabaseKind.Sqlite || changes.Listening),
            "the catalogue change listener to listen");
    }
}
