using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using PanelImages.BrowserTests.Infrastructure;
using PanelImages.Demo;
using PanelImages.Tests.Export;
using static Microsoft.Playwright.Assertions;

namespace PanelImages.BrowserTests;

/// <summary>The list on the demo catalogue (SQLite): paging, sorting, search, chips, URL state, audiences, a11y.</summary>
public sealed class ListPageTests(ListPageTests.Fixture fixture) : IClassFixture<ListPageTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public Browser Browser { get; } = new();
        public PageHost Host { get; } = new();
        public async Task InitializeAsync()
        {
            await Browser.InitializeAsync();
            // Between the demo reseller's active images and the staff's whole catalogue (320+): both export cases.
            Host.Settings["Listing:MaxExportRows"] = "200";
            await Host.StartAsync();
        }
        public async Task DisposeAsync()
        {
            await Browser.DisposeAsync();
            await Host.DisposeAsync();
        }
    }

    private PageHost Host => fixture.Host;
    private Task<IPage> PageAsync(string token, string? scheme = null, int width = 1400) => fixture.Browser.PageAsync(Host, token, scheme, width);
    private static ILocator Rows(IPage page) => page.Locator("table.grid tbody tr");

    [Fact]
    public async Task EndUserSeesTheirImagesWithTheExactTotalAndAccessibleStates()
    {
        var page = await PageAsync(DemoCatalogue.EndUserToken);
        var expected = await Api.GetAsync(Host, DemoCatalogue.EndUserToken, "/backend/api/openstack/images?page_size=20");
        await page.GotoAsync("/");
        await Expect(page.GetByTestId("who")).ToContainTextAsync("customer");
        await Expect(page.Locator(".total")).ToHaveTextAsync($"{expected["count"]!.GetValue<int>():N0} images".Replace(" 1 images", " 1 image"));
        await Expect(Rows(page)).ToHaveCountAsync(Math.Min(20, expected["count"]!.GetValue<int>()));
        await Expect(Rows(page).First).ToContainTextAsync(expected["objects"]![0]!["display_name"]!.GetValue<string>());
        await page.AssertNoSeriousViolationsAsync("list");

        await page.GotoAsync("/?search=no-such-image-anywhere");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nothing matches" })).ToBeVisibleAsync();
        await page.AssertNoSeriousViolationsAsync("no match");
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear filters" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
        await Expect(Rows(page).First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SortingByAHeaderSetsAriaSortAndTheUrlAndBackRestoresTheOrder()
    {
        var page = await PageAsync(DemoCatalogue.StaffToken);
        await page.GotoAsync("/");
        var name = page.GetByRole(AriaRole.Columnheader, new() { Name = "Name" });
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Created" })).ToHaveAttributeAsync("aria-sort", "descending");
        await name.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("ordering=name"));
        await Expect(name).ToHaveAttributeAsync("aria-sort", "ascending");
        var expected = await Api.GetAsync(Host, DemoCatalogue.StaffToken, "/backend/staffapi/openstack/images?ordering=name&page_size=20");
        await Expect(Rows(page).First).ToContainTextAsync(expected["objects"]![0]!["display_name"]!.GetValue<string>());
        await name.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("ordering=-name"));
        await Expect(name).ToHaveAttributeAsync("aria-sort", "descending");
        await page.GoBackAsync();
        await Expect(name).ToHaveAttributeAsync("aria-sort", "ascending");
        await page.GoBackAsync();
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Created" })).ToHaveAttributeAsync("aria-sort", "descending");
    }

    [Fact]
    public async Task AFilterChipNarrowsTheListTheUrlHoldsItAndACopiedLinkShowsTheSameView()
    {
        var page = await PageAsync(DemoCatalogue.StaffToken);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add filter" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add filter" });
        await dialog.GetByLabel("Filter on").SelectOptionAsync("size");
        await dialog.GetByLabel("Match").SelectOptionAsync("gte");
        await dialog.GetByLabel("Value").FillAsync("lots");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToContainTextAsync("Enter a size");
        await dialog.GetByLabel("Value").FillAsync("5 GiB");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("filtering=size__gte%3A5368709120"));
        await Expect(page.Locator(".chip")).ToHaveTextAsync(new Regex("Size ≥ 5 GiB"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Add filter" }).ClickAsync();
        await dialog.GetByLabel("Filter on").SelectOptionAsync("status");
        // The value field turns from a text box into a list of choices when React re-renders for the new key.
        await Expect(dialog.Locator("input[name=value]")).ToHaveCountAsync(0);
        await dialog.GetByLabel("Value").SelectOptionAsync("active");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await page.GetByLabel("Rows per page").SelectOptionAsync("10");
        await page.GetByRole(AriaRole.Button, new() { Name = "Page 2", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("page=2"));

        var expected = await Api.GetAsync(Host, DemoCatalogue.StaffToken,
            "/backend/staffapi/openstack/images?filtering=size__gte:5368709120%2Bstatus:active&page=2&page_size=10");
        var count = expected["count"]!.GetValue<int>();
        Assert.True(count > 10, "the demo catalogue has enough large active images for two pages");
        await Expect(page.Locator(".total")).ToHaveTextAsync($"{count:N0} images");
        var firstOnPage2 = expected["objects"]![0]!["display_name"]!.GetValue<string>();
        await Expect(Rows(page).First).ToContainTextAsync(firstOnPage2);

        // A colleague opening the same link sees the same view.
        var colleague = await PageAsync(DemoCatalogue.StaffToken);
        await colleague.GotoAsync(page.Url);
        await Expect(colleague.Locator(".total")).ToHaveTextAsync($"{count:N0} images");
        await Expect(Rows(colleague).First).ToContainTextAsync(firstOnPage2);
        await Expect(colleague.GetByRole(AriaRole.Button, new() { Name = "Page 2", Exact = true })).ToHaveAttributeAsync("aria-current", "page");

        // Removing a chip is one click, and Back brings it back.
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("Remove filter Status") }).ClickAsync();
        await Expect(page.Locator(".chip")).ToHaveCountAsync(1);
        await page.GoBackAsync();
        await Expect(page.Locator(".chip")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task EachChoiceOfAFilterSaysHowManyImagesOfTheViewItWouldMatch()
    {
        var page = await PageAsync(DemoCatalogue.StaffToken);
        await page.GotoAsync("/?filtering=size__gte%3A5368709120%2Bstatus%3Akilled");
        await Expect(page.Locator(".chip")).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add filter" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Add filter" });
        await dialog.GetByLabel("Filter on").SelectOptionAsync("status");
        // A status chip's count is the view with that status instead of the view's own status chip.
        var active = await Api.GetAsync(Host, DemoCatalogue.StaffToken,
            "/backend/staffapi/openstack/images?filtering=size__gte:5368709120%2Bstatus:active&page_size=1");
        var options = dialog.GetByLabel("Value").Locator("option");
        await Expect(options.Filter(new() { HasText = "active" })).ToHaveTextAsync($"Active ({active["count"]!.GetValue<int>():N0})");
        await dialog.GetByLabel("Filter on").SelectOptionAsync("disk_format");
        var raw = await Api.GetAsync(Host, DemoCatalogue.StaffToken,
            "/backend/staffapi/openstack/images?filtering=size__gte:5368709120%2Bstatus:killed%2Bdisk_format:raw&page_size=1");
        await Expect(options.Filter(new() { HasTextRegex = new Regex("^raw") })).ToHaveTextAsync($"raw ({raw["count"]!.GetValue<int>():N0})");
        await page.AssertNoSeriousViolationsAsync("filter counts");
    }

    [Fact]
    public async Task SlashFocusesSearchAndSearchIsASubstringOfTheName()
    {
        var page = await PageAsync(DemoCatalogue.StaffToken);
        await page.GotoAsync("/");
        await Expect(Rows(page).First).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("/");
        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search images" });
        await Expect(search).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("ubu");
        await Expect(page).ToHaveURLAsync(new Regex("search=ubu"));
        var expected = await Api.GetAsync(Host, DemoCatalogue.StaffToken, "/backend/staffapi/openstack/images?search=ubu");
        await Expect(page.Locator(".total")).ToHaveTextAsync($"{expected["count"]!.GetValue<int>():N0} images");
        foreach (var name in await page.Locator("table.grid tbody tr .name").AllInnerTextsAsync())
            Assert.Contains("ubu", name, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheGridIsOneTabStopAndArrowRightReachesARowsControlsAndSpaceSelects()
    {
        var page = await PageAsync(DemoCatalogue.EndUserToken);
        await page.GotoAsync("/");
        var first = Rows(page).First;
        await Expect(first).ToBeVisibleAsync();
        // Only one row is in the tab order; its checkbox and menu button are not.
        Assert.Equal(1, await page.Locator("table.grid tbody [tabindex='0']").CountAsync());
        Assert.Equal(0, await page.Locator("table.grid tbody tr:nth-child(2) [tabindex='0']").CountAsync());
        await first.FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(first.GetByRole(AriaRole.Checkbox)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(first.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Actions for") })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowLeft");
        await page.Keyboard.PressAsync("ArrowLeft");
        await Expect(first).ToBeFocusedAsync();
        await page.Keyboard.PressAsync(" ");
        await Expect(first).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.GetByRole(AriaRole.Toolbar)).ToContainTextAsync("1 selected");
        await page.Keyboard.PressAsync("End");
        await Expect(Rows(page).Last).ToBeFocusedAsync();
        await Expect(first).ToHaveAttributeAsync("tabindex", "-1");
    }

    [Fact]
    public async Task ShiftClickAndShiftSpaceSelectTheRowsFromTheLastToggledOne()
    {
        var page = await PageAsync(DemoCatalogue.StaffToken); // the end user has fewer than six images
        await page.GotoAsync("/");
        var rows = Rows(page);
        await Expect(rows.Nth(4)).ToBeVisibleAsync();
        await rows.Nth(1).GetByRole(AriaRole.Checkbox).ClickAsync();
        await rows.Nth(4).GetByRole(AriaRole.Checkbox).ClickAsync(new() { Modifiers = [KeyboardModifier.Shift] });
        var toolbar = page.GetByRole(AriaRole.Toolbar);
        await Expect(toolbar).ToContainTextAsync("4 selected");
        for (var i = 1; i <= 4; i++) await Expect(rows.Nth(i)).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("aria-selected", "false");
        await Expect(rows.Nth(5)).ToHaveAttributeAsync("aria-selected", "false");
        // Shift+Space on a selected row clears the range from the last toggled row (row 4) to it.
        await rows.Nth(2).FocusAsync();
        await page.Keyboard.PressAsync("Shift+Space");
        await Expect(toolbar).ToContainTextAsync("1 selected");
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(rows.Nth(2)).ToHaveAttributeAsync("aria-selected", "false");
    }

    [Fact]
    public async Task QuestionMarkListsTheShortcutsInADialog()
    {
        var page = await PageAsync(DemoCatalogue.EndUserToken);
        await page.GotoAsync("/");
        await Expect(Rows(page).First).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("?");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Keyboard shortcuts" });
        await Expect(dialog).ToContainTextAsync("Shift + click");
        await page.AssertNoSeriousViolationsAsync("shortcuts");
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToHaveCountAsync(0);
        // Typed into the search box, "?" is text, not a shortcut.
        await page.Keyboard.PressAsync("/");
        await page.Keyboard.TypeAsync("?");
        await Expect(page.GetByRole(AriaRole.Searchbox)).ToHaveValueAsync("?");
        await Expect(dialog).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ArrowKeysMoveInTheGridAndEnterOpensTheDetails()
    {
        var page = await PageAsync(DemoCatalogue.EndUserToken);
        await page.GotoAsync("/");
        await Rows(page).First.FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(Rows(page).Nth(1)).ToHaveAttributeAsync("data-focused", "true");
        await page.Keyboard.PressAsync("ArrowUp");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("/images/"));
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("openstack image show");
        await page.AssertNoSeriousViolationsAsync("details");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page).ToHaveURLAsync(new Regex("/$"));
    }

    [Fact]
    public async Task AnotherClientsPrivateImageIsAbsentAndItsIdInTheUrlShowsNotFound()
    {
        var foreign = await Host.WithDbAsync(db => db.Images.Where(i => i.Visibility == "private" && i.ClientId != DemoCatalogue.ExampleClientId && i.ClientId != null)
            .Select(i => new { i.Id, i.Name }).FirstAsync());
        var page = await PageAsync(DemoCatalogue.EndUserToken);
        await page.GotoAsync($"/?search={foreign.Id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nothing matches" })).ToBeVisibleAsync();
        await page.GotoAsync($"/images/{foreign.Id}");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Image not found");
        await Expect(page.GetByRole(AriaRole.Dialog)).Not.ToContainTextAsync(foreign.Name ?? "(no name)");
        await page.AssertNoSeriousViolationsAsync("not found");

        // Staff see it, with its client.
        var staff = await PageAsync(DemoCatalogue.StaffToken);
        await staff.GotoAsync($"/images/{foreign.Id}");
        await Expect(staff.GetByRole(AriaRole.Dialog)).ToContainTextAsync(foreign.Id);
        await Expect(staff.GetByRole(AriaRole.Dialog).Locator("dt", new() { HasText = "client" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ActionsTheCallerMayNotTakeStayVisibleDisabledAndSayWhy()
    {
        // Another client shares an image with the example client's project, which accepted it.
        var foreignId = await Host.WithDbAsync(async db =>
        {
            var image = await db.Images.FirstAsync(i => i.Visibility == "shared" && i.ClientId != DemoCatalogue.ExampleClientId && i.Status == "active");
            db.ImageMembers.Add(new Catalog.ImageMember { Region = image.Region, ImageId = image.Id, ProjectId = DemoCatalogue.ExampleProjectId, Status = "accepted" });
            await db.SaveChangesAsync();
            return image.Id;
        });
        var page = await PageAsync(DemoCatalogue.EndUserToken);
        await page.GotoAsync($"/images/{foreignId}");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToBeDisabledAsync();
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToHaveAccessibleDescriptionAsync("Only the owner of this image can do that.");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Download" })).ToBeEnabledAsync();

        // The owner's protected-state rule: the example images are not protected, so delete is offered to their owner.
        await page.GotoAsync("/images/4747270d-61c9-4bb6-9b01-f6dd915f0560");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToBeEnabledAsync();
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Reactivate" })).ToHaveAccessibleDescriptionAsync("Only deactivated images can be reactivated.");
    }

    [Fact]
    public async Task ExportCsvDownloadsEveryRowOfTheFilteredViewInItsOrder()
    {
        // Signed in through the form: the export is fetched with the session cookie, as for a real person.
        var page = await fixture.Browser.PageAsync(Host, token: null);
        await page.GotoAsync("/");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Sign in" });
        await form.GetByLabel("Username").FillAsync(DemoCatalogue.ResellerToken);
        await form.GetByLabel("Password").FillAsync(DemoCatalogue.Password);
        await form.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByTestId("who")).ToContainTextAsync("reseller");

        const string view = "filtering=status%3Aactive&ordering=name&page_size=10";
        await page.GotoAsync($"/?{view}");
        var expected = await Api.GetAsync(Host, DemoCatalogue.ResellerToken, $"/backend/resellerapi/openstack/images?{view}");
        var count = expected["count"]!.GetValue<int>();
        Assert.True(count > 10, "the demo reseller sees more active images than one page");
        await Expect(page.Locator(".total")).ToHaveTextAsync($"{count:N0} images");
        await page.AssertNoSeriousViolationsAsync("export link");

        Assert.True(count <= 200, $"{count} active images of the demo reseller fit the export bound of this fixture");
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" });
        var download = await page.RunAndWaitForDownloadAsync(() => button.ClickAsync());
        Assert.Null(await download.FailureAsync());
        var text = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.True(Regex.IsMatch(download.SuggestedFilename, "^images-\\d{8}T\\d{6}Z\\.csv$"), $"{download.SuggestedFilename}: {text}");
        var rows = CsvReading.Rows(text);
        Assert.Equal(count, rows.Count); // every page, not the 10 rows on screen
        Assert.Equal(expected["objects"]![0]!["id"]!.GetValue<string>(), rows[0]["id"]);
        Assert.All(rows, r => Assert.Equal("active", r["status"]));
        Assert.Contains("client_name", rows[0].Keys); // resellers see the client column
    }

    [Fact]
    public async Task AnExportOfMoreRowsThanTheBoundSaysHowManyMatchInsteadOfDownloading()
    {
        var page = await PageAsync(DemoCatalogue.StaffToken);
        await page.GotoAsync("/");
        var total = (await Api.GetAsync(Host, DemoCatalogue.StaffToken, "/backend/staffapi/openstack/images"))["count"]!.GetValue<int>();
        Assert.True(total > 200, "the staff view holds more images than this fixture's export bound");
        var downloads = 0;
        page.Download += (_, _) => downloads++;
        await page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync();
        var alert = page.Locator("#export-error");
        await Expect(alert).ToContainTextAsync($"{total} images match; an export holds at most 200");
        await page.AssertNoSeriousViolationsAsync("export refused");
        Assert.Equal(0, downloads);
    }

    [Fact]
    public async Task StaffSeeEveryClientWithAClientColumnAndTheirOwnViews()
    {
        var page = await PageAsync(DemoCatalogue.StaffToken);
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "All clients" })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Client" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Activity log" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Activity log" })).ToBeVisibleAsync();
        await page.AssertNoSeriousViolationsAsync("activity log");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sync status" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sync status" })).ToBeVisibleAsync();

        // End users have neither the views nor the client column.
        var user = await PageAsync(DemoCatalogue.EndUserToken);
        await user.GotoAsync("/activity");
        await Expect(user).ToHaveURLAsync(new Regex("/$"));
        await Expect(user.GetByRole(AriaRole.Link, new() { Name = "Activity log" })).ToHaveCountAsync(0);
        await Expect(user.GetByRole(AriaRole.Columnheader, new() { Name = "Client" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task StaffViewThePageAsAClientSeesItReadOnlyAndTheLinkKeepsTheView()
    {
        var expected = await Api.GetAsync(Host, DemoCatalogue.EndUserToken, "/backend/api/openstack/images?page_size=20");
        var page = await PageAsync(DemoCatalogue.StaffToken);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "View as client" }).FillAsync(DemoCatalogue.ExampleClientId.ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "View", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex($"as_client={DemoCatalogue.ExampleClientId}"));
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "read only" }))
            .ToContainTextAsync($"as client #{DemoCatalogue.ExampleClientId} sees it");
        // The client's tabs, total and rows; none of the staff's client column, export or view form.
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "Offered to me" })).ToBeVisibleAsync();
        await Expect(page.Locator(".total")).ToHaveTextAsync($"{expected["count"]!.GetValue<int>()} images");
        await Expect(Rows(page)).ToHaveCountAsync(expected["objects"]!.AsArray().Count);
        await Expect(Rows(page).First).ToContainTextAsync(expected["objects"]![0]!["display_name"]!.GetValue<string>());
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Client" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" })).ToHaveCountAsync(0);
        await page.AssertNoSeriousViolationsAsync("view as client");

        // Read only: the details offer no action, each saying why.
        await Rows(page).First.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToBeDisabledAsync();
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Edit" })).ToBeDisabledAsync();
        await page.Keyboard.PressAsync("Escape");

        // A tab change keeps the view; a copied link opens it; "Back to every client" leaves it.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Mine" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"as_client={DemoCatalogue.ExampleClientId}.*tab=mine"));
        var colleague = await PageAsync(DemoCatalogue.StaffToken);
        await colleague.GotoAsync(page.Url);
        await Expect(colleague.GetByRole(AriaRole.Tab, new() { Name = "Mine" })).ToHaveAttributeAsync("aria-selected", "true");
        var mine = await Api.GetAsync(Host, DemoCatalogue.EndUserToken, "/backend/api/openstack/images?filtering=owned:true");
        await Expect(colleague.Locator(".total")).ToHaveTextAsync($"{mine["count"]!.GetValue<int>()} images");
        await page.GetByRole(AriaRole.Button, new() { Name = "Back to every client" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Tab, new() { Name = "All clients" })).ToHaveAttributeAsync("aria-selected", "true");

        // Only staff have the view: an end user's as_client changes nothing.
        var user = await PageAsync(DemoCatalogue.EndUserToken);
        await user.GotoAsync("/?as_client=1");
        await Expect(user.Locator(".total")).ToHaveTextAsync($"{expected["count"]!.GetValue<int>()} images");
        await Expect(user.GetByText("read only")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TheColumnChooserAndTheThemeAreRememberedInThisBrowser()
    {
        var page = await PageAsync(DemoCatalogue.EndUserToken, "dark");
        await page.GotoAsync("/");
        var background = await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor");
        Assert.Equal("rgb(13, 17, 23)", background);
        await page.AssertNoSeriousViolationsAsync("dark");
        await page.GetByLabel("Theme").SelectOptionAsync("light");
        await page.GetByRole(AriaRole.Button, new() { Name = "Choose columns" }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitemcheckbox, new() { Name = "Region" }).ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Region" })).ToHaveCountAsync(0);
        await page.ReloadAsync();
        await Expect(Rows(page).First).ToBeVisibleAsync();
        Assert.Equal("rgb(255, 255, 255)", await page.EvaluateAsync<string>("getComputedStyle(document.body).backgroundColor"));
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Region" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task OnANarrowScreenTheListKeepsNameStatusAndSize()
    {
        var page = await PageAsync(DemoCatalogue.EndUserToken, width: 390);
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Name" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Size" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Disk format" })).ToBeHiddenAsync();
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the page itself does not scroll sideways");
    }

    [Fact]
    public async Task ScreenshotForTheReadme()
    {
        var page = await PageAsync(DemoCatalogue.StaffToken);
        await page.GotoAsync("/?ordering=name");
        await Expect(Rows(page)).ToHaveCountAsync(20);
        var target = Path.Combine(RepoRoot(), "docs", "page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await page.ScreenshotAsync(new() { Path = target });
        Assert.True(new FileInfo(target).Length > 10_000);
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PanelImages.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PanelImages.slnx not found above the test binaries.");
    }
}
