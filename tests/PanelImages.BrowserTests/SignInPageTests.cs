using Microsoft.Playwright;
using PanelImages.Auth;
using PanelImages.BrowserTests.Infrastructure;
using PanelImages.Demo;
using static Microsoft.Playwright.Assertions;

namespace PanelImages.BrowserTests;

/// <summary>
/// People sign in through the form (no token anywhere): each audience lands on its own view with a session cookie
/// scripts cannot read, signing out ends the session, a wrong password says so, and a second factor is asked for.
/// </summary>
public sealed class SignInPageTests : IAsyncLifetime
{
    private readonly Browser _browser = new();
    private readonly PageHost _host = new();

    public async Task InitializeAsync()
    {
        await _browser.InitializeAsync();
        await _host.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _host.DisposeAsync();
    }

    private static async Task SubmitAsync(IPage page, string username, string password)
    {
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Sign in" });
        await form.GetByLabel("Username").FillAsync(username);
        await form.GetByLabel("Password").FillAsync(password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    private static Task<int> CurrentUserStatusAsync(IPage page) =>
        page.EvaluateAsync<int>("async () => (await fetch('/backend/auth/current-user')).status");

    [Theory]
    [InlineData(DemoCatalogue.EndUserToken, "customer", "Offered to me")]
    [InlineData(DemoCatalogue.ResellerToken, "reseller", "My clients")]
    public async Task EachAudienceSignsInThroughTheFormLandsOnItsOwnViewAndSignsOut(string username, string audience, string ownTab)
    {
        var page = await _browser.PageAsync(_host, token: null);
        await page.GotoAsync("/");
        Assert.Equal(401, await CurrentUserStatusAsync(page));
        await SubmitAsync(page, username, DemoCatalogue.Password);

        await Expect(page.GetByTestId("who")).ToContainTextAsync($"{username} ({audience})");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = ownTab })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Activity log" })).ToHaveCountAsync(0);
        await Expect(page.Locator("table.grid tbody tr").First).ToBeVisibleAsync();
        var session = (await page.Context.CookiesAsync()).Where(c => c.HttpOnly).ToList();
        Assert.NotEmpty(session); // the session cookie exists and page scripts cannot read it
        var visibleToScripts = await page.EvaluateAsync<string>("document.cookie");
        Assert.All(session, c => Assert.DoesNotContain(c.Name + "=", visibleToScripts));
        await page.AssertNoSeriousViolationsAsync($"signed in as {audience}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.Equal(401, await CurrentUserStatusAsync(page));
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Sign in" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedWithItsReasonAndStartsNoSession()
    {
        var page = await _browser.PageAsync(_host, token: null);
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Form, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.AssertNoSeriousViolationsAsync("sign-in form");
        await SubmitAsync(page, DemoCatalogue.EndUserToken, "not-the-password");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("password");
        await page.AssertNoSeriousViolationsAsync("sign-in refused");
        Assert.Equal(401, await CurrentUserStatusAsync(page));
        await Expect(page.GetByTestId("who")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task AStaffMemberSetsUpASecondFactorOnFirstSignInAndIsAskedForItTheNextTime()
    {
        var page = await _browser.PageAsync(_host, token: null);
        await page.GotoAsync("/");
        await SubmitAsync(page, DemoCatalogue.StaffToken, DemoCatalogue.Password);

        // Staff must enrol before the staff API opens to them: the page walks them through it.
        var setup = page.GetByRole(AriaRole.Form, new() { Name = "Set up a second factor" });
        await Expect(setup).ToBeVisibleAsync();
        await page.AssertNoSeriousViolationsAsync("second factor set-up");
        await setup.GetByRole(AriaRole.Button, new() { Name = "Show the key" }).ClickAsync();
        var secret = Base32.Decode(await page.GetByTestId("otp-secret").InnerTextAsync());
        await setup.GetByLabel("One-time code").FillAsync("000000x");
        await setup.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToBeVisibleAsync(); // a wrong code is refused at the field
        await setup.GetByLabel("One-time code").FillAsync(Totp.Code(secret, Totp.StepAt(DateTimeOffset.UtcNow)));
        await setup.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Recovery codes" })).ToBeVisibleAsync();
        Assert.True(await page.Locator(".codes li").CountAsync() >= 5);
        await page.GetByRole(AriaRole.Button, new() { Name = "I have kept them — continue" }).ClickAsync();

        await Expect(page.GetByTestId("who")).ToContainTextAsync("demo-staff (staff)");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "All clients" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Activity log" })).ToBeVisibleAsync();
        await Expect(page.Locator("table.grid tbody tr").First).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await SubmitAsync(page, DemoCatalogue.StaffToken, DemoCatalogue.Password);
        var code = page.GetByLabel("One-time code");
        await Expect(code).ToBeVisibleAsync();
        await Expect(page.GetByTestId("who")).ToHaveCountAsync(0);
        // The set-up used this step's code; a code is accepted once, so the next step's (within the allowed drift).
        await code.FillAsync(Totp.Code(secret, Totp.StepAt(DateTimeOffset.UtcNow) + 1));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByTestId("who")).ToContainTextAsync("demo-staff (staff)");
        await Expect(page.Locator("table.grid tbody tr").First).ToBeVisibleAsync();
    }
}
