using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PanelImages.BrowserTests.Infrastructure;
using PanelImages.Demo;
using static Microsoft.Playwright.Assertions;

namespace PanelImages.BrowserTests;

/// <summary>
/// Two instances on one PostgreSQL database: a change written through one reaches a page served by the other
/// without a reload, pushed over /backend/events (the page makes no polling requests).
/// </summary>
public sealed class LivePageTests : IAsyncLifetime
{
    private readonly Browser _browser = new();
    private PageHost _first = null!, _second = null!;

    public async Task InitializeAsync()
    {
        await _browser.InitializeAsync();
        _first = await new PageHost(Database.Postgres).StartAsync();
        _second = await new PageHost(Database.Postgres, _first.ConnectionString).StartAsync(demo: false);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task AChangeThroughAnotherInstanceShowsWithoutReloadOrPolling()
    {
        var page = await _browser.PageAsync(_first, DemoCatalogue.EndUserToken);
        var listRequests = 0;
        page.Request += (_, r) => { if (r.Url.Contains("/backend/api/openstack/images?")) listRequests++; };
        await page.GotoAsync("/?ordering=name");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Live" })).ToBeVisibleAsync();
        await Expect(page.Locator("table.grid tbody tr").First).ToBeVisibleAsync();
        var before = listRequests;
        // A NOTIFY sent before the first instance's listener has listened reaches no one: wait for it, not a delay.
        var changes = _first.Services.GetRequiredService<PanelImages.Caching.CatalogChanges>();
        for (var i = 0; i < 200 && !changes.Listening; i++) await Task.Delay(50);
        Assert.True(changes.Listening, "the first instance's catalogue change listener did not listen within 10 s");

        var renamed = "aaa-renamed-elsewhere-" + Guid.NewGuid().ToString("N")[..6];
        await _second.WithDbAsync(async db =>
        {
            var image = await db.Images.SingleAsync(i => i.Id == "66f0e855-c006-47ae-bf91-d36b4446042a");
            image.Name = renamed;
            return await db.SaveChangesAsync();
        });
        await Expect(page.Locator("table.grid tbody tr").First).ToContainTextAsync(renamed, new() { Timeout = 5_000 });
        // The change caused the refetch: one list request (two if the writer bumped the version twice), no loop.
        Assert.InRange(listRequests, before + 1, before + 2);
    }
}
