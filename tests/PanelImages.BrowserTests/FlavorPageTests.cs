using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PanelImages.BrowserTests.Infrastructure;
using PanelImages.Demo;
using static Microsoft.Playwright.Assertions;

namespace PanelImages.BrowserTests;

/// <summary>Staff assign flavors to an image in its details (the demo catalogue's flavors, SQLite).</summary>
public sealed class FlavorPageTests : IAsyncLifetime
{
    // The documented example snapshot "LB": min_disk 10 GiB, so m1.tiny (1 GiB disk) is too small for it.
    private const string ImageId = "66f0e855-c006-47ae-bf91-d36b4446042a";
    private const string FlavorsPath = $"/backend/staffapi/openstack/images/{ImageId}/flavors";
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

    [Fact]
    public async Task StaffAssignFlavorsInTheDetailsAndTheTooSmallOneSaysWhy()
    {
        var page = await _browser.PageAsync(_host, DemoCatalogue.StaffToken);
        await page.GotoAsync($"/images/{ImageId}");
        var section = page.GetByRole(AriaRole.Region, new() { Name = "Flavors" });
        await Expect(section).ToContainTextAsync("No flavor assigned: any flavor may boot this image.");

        await section.GetByRole(AriaRole.Button, new() { Name = "Change flavors" }).ClickAsync();
        var tiny = section.GetByRole(AriaRole.Checkbox, new() { Name = "m1.tiny" });
        await Expect(tiny).ToHaveAccessibleDescriptionAsync("Too small: the image needs a 10 GiB disk.");
        await Expect(section.GetByRole(AriaRole.Checkbox, new() { Name = "m1.small" })).Not.ToHaveAccessibleDescriptionAsync("Too small: the image needs a 10 GiB disk.");
        await page.AssertNoSeriousViolationsAsync("flavor choice");
        await section.GetByRole(AriaRole.Checkbox, new() { Name = "m1.small" }).CheckAsync();
        await section.GetByRole(AriaRole.Checkbox, new() { Name = "m1.medium" }).CheckAsync();
        await section.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var assigned = section.GetByRole(AriaRole.List, new() { Name = "Assigned flavors" });
        await Expect(assigned.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(new[] { new Regex("^m1.medium"), new Regex("^m1.small") });
        var stored = await Api.GetAsync(_host, DemoCatalogue.StaffToken, FlavorsPath);
        Assert.Equal(["m1-medium", "m1-small"], stored["flavors"]!.AsArray().Select(f => f!["id"]!.GetValue<string>()));

        // The client's own view has no flavor section (the assignment API is staff's), and both flavors are public:
        // the image stays bootable for it.
        var client = await _browser.PageAsync(_host, DemoCatalogue.EndUserToken);
        await client.GotoAsync($"/images/{ImageId}");
        await Expect(client.GetByRole(AriaRole.Dialog)).ToContainTextAsync("openstack image show");
        await Expect(client.GetByRole(AriaRole.Region, new() { Name = "Flavors" })).ToHaveCountAsync(0);
        var own = await Api.GetAsync(_host, DemoCatalogue.EndUserToken, $"/backend/api/openstack/images/{ImageId}");
        Assert.True(own["assigned_to_flavor"]!.GetValue<bool>());

        // "Allow any flavor" clears the assignment.
        await section.GetByRole(AriaRole.Button, new() { Name = "Change flavors" }).ClickAsync();
        await section.GetByRole(AriaRole.Button, new() { Name = "Allow any flavor" }).ClickAsync();
        await Expect(section).ToContainTextAsync("No flavor assigned: any flavor may boot this image.");
        Assert.False((await Api.GetAsync(_host, DemoCatalogue.StaffToken, FlavorsPath))["has_flavors_assigned"]!.GetValue<bool>());
    }
}
