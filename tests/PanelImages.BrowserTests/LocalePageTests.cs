using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PanelImages.BrowserTests.Infrastructure;
using PanelImages.Catalog;
using PanelImages.Demo;
using static Microsoft.Playwright.Assertions;

namespace PanelImages.BrowserTests;

/// <summary>
/// A German browser gets the page in German (words, plurals, number formats, html lang) without asking; the language
/// menu switches to English, which survives a reload and then loads no German at all.
/// </summary>
public sealed class LocalePageTests : IAsyncLifetime
{
    private readonly Browser _browser = new();
    private readonly PageHost _host = new();

    public async Task InitializeAsync()
    {
        await _browser.InitializeAsync();
        await _host.StartAsync();
        // Enough images for a four-digit total, which German groups with a dot (1.234) and English with a comma.
        await _host.WithDbAsync(async db =>
        {
            var created = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            db.Images.AddRange(Enumerable.Range(0, 1000).Select(n => new Image
            {
                Region = DemoCatalogue.RegionIds[0], Id = Guid.NewGuid().ToString(), Name = $"bulk-{n}", Status = "active",
                Visibility = "public", ContainerFormat = "bare", DiskFormat = "qcow2", CreatedAt = created, UpdatedAt = created,
            }));
            return await db.SaveChangesAsync();
        });
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _host.DisposeAsync();
    }

    private async Task<int> CountAsync(string token, string prefix) =>
        (await Api.GetAsync(_host, token, $"/backend/{prefix}/openstack/images?page_size=20"))["count"]!.GetValue<int>();

    private static string Grouped(int n, string separator) =>
        n.ToString("#,0", CultureInfo.InvariantCulture).Replace(",", separator);

    [Fact]
    public async Task AGermanBrowserSignsInAndSeesTheListInGerman()
    {
        var page = await _browser.PageAsync(_host, token: null, locale: "de-DE");
        await page.GotoAsync("/");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Anmelden" });
        await Expect(form).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await page.AssertNoSeriousViolationsAsync("German sign-in form");
        await form.GetByLabel("Benutzername").FillAsync(DemoCatalogue.EndUserToken);
        await form.GetByLabel("Passwort").FillAsync(DemoCatalogue.Password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();

        await Expect(page.GetByTestId("who")).ToHaveTextAsync($"Angemeldet als {DemoCatalogue.EndUserToken} (Kunde)");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Abbilder", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Mir angeboten" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Neues Abbild" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Erstellt" })).ToBeVisibleAsync();
        var count = await CountAsync(DemoCatalogue.EndUserToken, "api");
        await Expect(page.Locator(".total")).ToHaveTextAsync(count == 1 ? "1 Abbild" : $"{Grouped(count, ".")} Abbilder");
        await Expect(page.Locator("table.grid tbody tr").First).ToBeVisibleAsync();
        await page.AssertNoSeriousViolationsAsync("German list");
    }

    [Fact]
    public async Task GermanGroupsDigitsWithADotAndEnglishPickedInTheMenuSurvivesAReloadWithoutGerman()
    {
        var page = await _browser.PageAsync(_host, DemoCatalogue.StaffToken, locale: "de-DE");
        var count = await CountAsync(DemoCatalogue.StaffToken, "staffapi");
        Assert.True(count >= 1000, $"a four-digit total, not {count}");
        await page.GotoAsync("/");
        await Expect(page.Locator(".total")).ToHaveTextAsync($"{Grouped(count, ".")} Abbilder");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Alle Kunden" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Seite 2", Exact = true })).ToBeVisibleAsync();

        await page.GetByLabel("Sprache").SelectOptionAsync("en");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator(".total")).ToHaveTextAsync($"{Grouped(count, ",")} images");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Images", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "All clients" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Language")).ToHaveValueAsync("en");

        var requested = new List<string>();
        page.Request += (_, request) => requested.Add(request.Url);
        await page.ReloadAsync();
        await Expect(page.Locator(".total")).ToHaveTextAsync($"{Grouped(count, ",")} images");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "New image" })).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        Assert.Contains(requested, url => url.Contains("/assets/index-"));
        Assert.DoesNotContain(requested, url => Regex.IsMatch(url, "/assets/de-[^/]*\\.js$"));
    }
}
