using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace PanelImages.BrowserTests.Infrastructure;

/// <summary>Debian's chromium driven by Playwright: nothing is downloaded, the executable is /usr/bin/chromium.</summary>
public sealed class Browser : IAsyncLifetime
{
    public static readonly string Executable = Environment.GetEnvironmentVariable("PANELIMAGES_CHROMIUM") ?? "/usr/bin/chromium";
    private IPlaywright? _playwright;
    public IBrowser Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Executable))
            throw new InvalidOperationException($"{Executable} is missing: run scripts/browser-up.sh (apt-get install chromium).");
        // The shared 2-core machine can be slow; waits are for conditions, these are only their ceilings.
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>
    /// A fresh browser profile whose every request carries <paramref name="token"/> (token auth, as scripts use). Its
    /// languages are <paramref name="locale"/>'s: English unless a test asks for another, since the page follows them.
    /// </summary>
    public async Task<IPage> PageAsync(PageHost host, string? token, string? colorScheme = null, int width = 1400,
        string locale = "en-US")
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            Locale = locale,
            ColorScheme = colorScheme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            ExtraHTTPHeaders = token is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Token {token}" },
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
        _playwright?.Dispose();
    }
}

public static class Accessibility
{
    /// <summary>Fails with every serious or critical axe violation in the page's current state.</summary>
    public static async Task AssertNoSeriousViolationsAsync(this IPage page, string state)
    {
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(bad.Count == 0, $"axe in state '{state}': " + string.Join("; ",
            bad.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}")));
    }
}
