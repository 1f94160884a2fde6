using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PanelImages.Access;
using PanelImages.BrowserTests.Infrastructure;
using PanelImages.Catalog;
using PanelImages.OpenStackTests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace PanelImages.BrowserTests;

/// <summary>
/// The page against the real loopback Keystone + Glance: upload with progress, URL import, two-sided sharing,
/// deactivate, delete. alice (client 1 = demo1) and bob (client 2 = demo2); the real sync runs every second so
/// Glance-side changes (an import finishing) reach the catalogue, and the page hears them over /backend/events.
/// </summary>
public sealed class ActionPageTests : IAsyncLifetime
{
    private const string Alice = "tok-alice", Bob = "tok-bob", Staff = "tok-staff";
    private readonly Browser _browser = new();
    private PageHost _host = null!;
    private Cloud _cloud = null!;
    private readonly List<string> _created = [];

    public async Task InitializeAsync()
    {
        _cloud = await Cloud.GetAsync();
        _host = new PageHost();
        _host.Settings["OpenStack:Cloud"] = "admin";
        _host.Settings["OpenStack:CloudsFile"] = _cloud.CloudsFile;
        _host.Settings["Sync:Enabled"] = "true";
        _host.Settings["Sync:IncrementalSeconds"] = "1";
        _host.Settings["Sync:MembersSeconds"] = "0";
        _host.Settings["Images:MaxUploadBytes"] = (256L << 20).ToString();
        await _host.StartAsync(demo: false);
        await _host.WithDbAsync(async db =>
        {
            db.Clients.AddRange(new Client { Id = 1, Name = "Demo One" }, new Client { Id = 2, Name = "Demo Two" });
            db.Projects.AddRange(new Project { Id = _cloud.Demo1.ProjectId, ClientId = 1 }, new Project { Id = _cloud.Demo2.ProjectId, ClientId = 2 });
            var alice = new User { Username = "alice", Audience = Audience.EndUser };
            var bob = new User { Username = "bob", Audience = Audience.EndUser };
            var staff = new User { Username = "sam", Audience = Audience.Staff };
            db.Users.AddRange(alice, bob, staff);
            await db.SaveChangesAsync();
            db.ClientUsers.AddRange(new ClientUser { ClientId = 1, UserId = alice.Id }, new ClientUser { ClientId = 2, UserId = bob.Id });
            foreach (var (user, key) in new[] { (alice, Alice), (bob, Bob), (staff, Staff) })
                db.ApiTokens.Add(new ApiToken { UserId = user.Id, KeyHash = TokenAuthenticationHandler.HashKey(key), CreatedAt = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        await _browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        var ids = _created.ToList();
        try { await _cloud.Admin.DeleteManyAsync(ids); } catch { /* names start with ost-; the cloud may be gone */ }
        await _host.DisposeAsync();
    }

    private async Task<string> IdOfAsync(string name)
    {
        var list = await Api.GetAsync(_host, Alice, $"/backend/api/openstack/images?search={name}");
        var id = list["objects"]![0]!["id"]!.GetValue<string>();
        _created.Add(id);
        return id;
    }

    private static async Task CreateAsync(IPage page, string name, Func<ILocator, Task> source)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "New image", Exact = true }).First.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New image" });
        await source(dialog);
        await dialog.GetByLabel("Name").FillAsync(name);
        await dialog.GetByLabel("Disk format").SelectOptionAsync("raw");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
    }

    [Fact]
    public async Task UploadingA50MbFileShowsAMovingProgressBarAndTheImageBecomesActive()
    {
        var file = Path.Combine(Path.GetTempPath(), $"page-upload-{Guid.NewGuid():N}.raw");
        await File.WriteAllBytesAsync(file, RandomNumberGenerator.GetBytes(50 << 20));
        try
        {
            var page = await _browser.PageAsync(_host, Alice);
            await page.GotoAsync("/");
            // Every value the progress bar takes is recorded as it changes.
            await page.EvaluateAsync("""
                () => { window.progress = []; new MutationObserver(() => {
                  const bar = document.querySelector('.tray [role=progressbar]');
                  if (bar) window.progress.push(Number(bar.getAttribute('aria-valuenow')));
                }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] }); }
                """);
            var name = Cloud.UniquePrefix("upload");
            await CreateAsync(page, name, async dialog =>
            {
                var chooser = await page.RunAndWaitForFileChooserAsync(() => dialog.GetByRole(AriaRole.Button, new() { Name = "Choose a file" }).ClickAsync());
                await chooser.SetFilesAsync(file);
                await Expect(dialog.GetByTestId("chosen-file")).ToContainTextAsync("50 MiB");
            });
            await Expect(page.Locator(".tray")).ToContainTextAsync($"{name} uploaded", new() { Timeout = 120_000 });
            var values = await page.EvaluateAsync<long[]>("window.progress");
            var between = values.Where(v => v > 0 && v < 50 << 20).Distinct().Count();
            Assert.True(between >= 2, $"the bar moved through values between 0 and the size: [{string.Join(", ", values.Take(40))}]");

            var id = await IdOfAsync(name);
            var glance = await _cloud.Admin.SendAsync(HttpMethod.Get, $"/v2/images/{id}");
            Assert.Equal("active", glance.GetProperty("status").GetString());
            Assert.Equal(50L << 20, glance.GetProperty("size").GetInt64());
            await Expect(page.Locator("table.grid tbody tr", new() { HasText = name })).ToContainTextAsync("50 MiB");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task ImportingFromAUrlShowsTheImportStateUntilGlanceHasTheData()
    {
        var data = RandomNumberGenerator.GetBytes(256 << 10);
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await listener.GetContextAsync(); } catch { return; }
                context.Response.ContentLength64 = data.Length;
                await context.Response.OutputStream.WriteAsync(data);
                context.Response.Close();
            }
        });
        var page = await _browser.PageAsync(_host, Alice);
        await page.GotoAsync("/");
        var name = Cloud.UniquePrefix("import");
        await CreateAsync(page, name, async dialog =>
        {
            await dialog.GetByLabel("From a URL").CheckAsync();
            await dialog.GetByRole(AriaRole.Textbox, new() { Name = "URL" }).FillAsync($"http://127.0.0.1:{port}/disk.raw");
        });
        await Expect(page.Locator(".tray")).ToContainTextAsync($"Importing {name}");
        await Expect(page.Locator($".tray [data-import-status=active]")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await IdOfAsync(name);
        await Expect(page.Locator("table.grid tbody tr", new() { HasText = name })).ToContainTextAsync("active");
        listener.Stop();
        await serving;
    }

    [Fact]
    public async Task AShareOfferedByOneClientIsAcceptedByTheOtherAndAppearsInItsList()
    {
        var image = await _cloud.Admin.CreateImageAsync(new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = Cloud.UniquePrefix("share"), ["disk_format"] = "raw", ["container_format"] = "bare",
            ["visibility"] = "shared", ["owner"] = _cloud.Demo1.ProjectId,
        });
        var id = image.GetProperty("id").GetString()!;
        var name = image.GetProperty("name").GetString()!;
        _created.Add(id);
        await _cloud.Admin.UploadAsync(id, RandomNumberGenerator.GetBytes(4096));
        var alice = await _browser.PageAsync(_host, Alice);
        await alice.GotoAsync($"/?search={id}");
        // The sync brings it into the catalogue; the page hears it and shows the row.
        await alice.Locator("table.grid tbody tr", new() { HasText = name }).ClickAsync(new() { Timeout = 90_000 });
        var dialog = alice.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync(name);
        await dialog.GetByLabel("Project ID").FillAsync(_cloud.Demo2.ProjectId);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Add project" }).ClickAsync();
        await Expect(dialog.Locator("tr", new() { HasText = _cloud.Demo2.ProjectId })).ToContainTextAsync("pending");

        // bob answers the offer on the image's page, then finds it in his list.
        var bob = await _browser.PageAsync(_host, Bob);
        await bob.GotoAsync($"/images/{id}");
        var offer = bob.GetByRole(AriaRole.Dialog);
        await Expect(offer).ToContainTextAsync("Your answer to this share: pending");
        await Expect(offer.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToBeDisabledAsync();
        await offer.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(offer).ToContainTextAsync("Your answer to this share: accepted");
        await bob.AssertNoSeriousViolationsAsync("share answered");
        await bob.Keyboard.PressAsync("Escape");
        await Expect(bob.Locator("table.grid tbody tr", new() { HasText = name })).ToBeVisibleAsync();

        // alice sees bob's answer.
        await Expect(dialog.Locator("tr", new() { HasText = _cloud.Demo2.ProjectId })).ToContainTextAsync("accepted");
        var members = await _cloud.Admin.SendAsync(HttpMethod.Get, $"/v2/images/{id}/members");
        Assert.Equal("accepted", members.GetProperty("members")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task TheUsageStripShowsTheProjectsImagesAndStorageAgainstKeystonesLimits()
    {
        var image = await _cloud.Admin.CreateImageAsync(new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = Cloud.UniquePrefix("usage"), ["disk_format"] = "raw", ["container_format"] = "bare", ["owner"] = _cloud.Demo1.ProjectId,
        });
        _created.Add(image.GetProperty("id").GetString()!);
        var page = await _browser.PageAsync(_host, Alice);
        await page.GotoAsync($"/?search={image.GetProperty("id").GetString()}");
        await Expect(page.Locator("table.grid tbody tr")).ToContainTextAsync("queued", new() { Timeout = 90_000 }); // synced in
        var strip = page.GetByRole(AriaRole.List, new() { Name = "Usage and limits per region" });
        var images = strip.GetByRole(AriaRole.Meter, new() { Name = "Images used in RegionOne" });
        await Expect(images).ToHaveAttributeAsync("aria-valuemax", "100000"); // up.sh's registered default
        await Expect(strip.GetByRole(AriaRole.Meter, new() { Name = "Storage used in RegionOne" })).ToHaveAttributeAsync("aria-valuemax", "10485760");
        await Expect(strip).ToContainTextAsync("of 10 TiB");
        // The same numbers as the route (other tests may add images to demo1 meanwhile: compare until they agree).
        string? shown = null, said = null;
        for (var i = 0; i < 20 && (shown is null || shown != said); i++)
        {
            var usage = await Api.GetAsync(_host, Alice, "/backend/api/openstack/images/usage");
            said = ((long)usage["regions"]![0]!["images"]!["used"]!).ToString();
            shown = await images.GetAttributeAsync("aria-valuenow");
            if (shown != said) { await page.ReloadAsync(); await Task.Delay(500); }
        }
        Assert.Equal(said, shown);
        await Expect(strip).ToContainTextAsync($"Images {long.Parse(said!):N0} of 100,000");
    }

    [Fact]
    public async Task DeactivatingAndDeletingFromThePageChangeGlance()
    {
        var image = await _cloud.Admin.CreateImageAsync(new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = Cloud.UniquePrefix("life"), ["disk_format"] = "raw", ["container_format"] = "bare",
            ["visibility"] = "private", ["owner"] = _cloud.Demo1.ProjectId,
        });
        var id = image.GetProperty("id").GetString()!;
        _created.Add(id);
        await _cloud.Admin.UploadAsync(id, RandomNumberGenerator.GetBytes(4096));
        var page = await _browser.PageAsync(_host, Alice);
        await page.GotoAsync($"/?search={id}");
        var row = page.Locator("table.grid tbody tr", new() { HasText = image.GetProperty("name").GetString()! });
        await Expect(row).ToContainTextAsync("active", new() { Timeout = 90_000 }); // the sync brings it in

        await row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Actions for") }).ClickAsync();
        await page.GetByRole(AriaRole.Menuitem, new() { Name = "Deactivate" }).ClickAsync();
        await Expect(row).ToContainTextAsync("deactivated");
        Assert.Equal("deactivated", (await _cloud.Admin.SendAsync(HttpMethod.Get, $"/v2/images/{id}")).GetProperty("status").GetString());

        // Bob never sees it, not even by id.
        var bob = await _browser.PageAsync(_host, Bob);
        await bob.GotoAsync($"/images/{id}");
        await Expect(bob.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Image not found");

        await row.Locator("td.select label").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("aria-selected", "true");
        await page.GetByRole(AriaRole.Toolbar).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Results" })).ToContainTextAsync("done");
        var gone = await _cloud.Admin.SendAsync(HttpMethod.Get, $"/v2/images/{id}", ok: [HttpStatusCode.NotFound]);
        Assert.False(gone.ValueKind == System.Text.Json.JsonValueKind.Object && gone.TryGetProperty("status", out var s) && s.GetString() == "active");
    }

    [Fact]
    public async Task StaffCreateAnImageForAClientAndOnlyThatClientSeesItAsItsOwn()
    {
        var page = await _browser.PageAsync(_host, Staff);
        await page.GotoAsync("/");
        var name = Cloud.UniquePrefix("forclient");
        await CreateAsync(page, name, async dialog =>
        {
            await dialog.GetByLabel("For client").FillAsync("2");
            var chooser = await page.RunAndWaitForFileChooserAsync(() => dialog.GetByRole(AriaRole.Button, new() { Name = "Choose a file" }).ClickAsync());
            await chooser.SetFilesAsync(new FilePayload { Name = "disk.raw", MimeType = "application/octet-stream", Buffer = RandomNumberGenerator.GetBytes(1 << 20) });
        });
        await Expect(page.Locator(".tray")).ToContainTextAsync($"{name} uploaded", new() { Timeout = 60_000 });

        var list = await Api.GetAsync(_host, Bob, $"/backend/api/openstack/images?search={name}");
        var image = list["objects"]![0]!;
        _created.Add(image["id"]!.GetValue<string>());
        Assert.Equal(2, image["client"]!["id"]!.GetValue<int>());
        var glance = await _cloud.Admin.SendAsync(HttpMethod.Get, $"/v2/images/{image["id"]!.GetValue<string>()}");
        Assert.Equal(_cloud.Demo2.ProjectId, glance.GetProperty("owner").GetString());
        var bob = await _browser.PageAsync(_host, Bob);
        await bob.GotoAsync("/");
        await Expect(bob.Locator("table.grid tbody tr", new() { HasText = name })).ToContainTextAsync("active");
        var alice = await Api.GetAsync(_host, Alice, $"/backend/api/openstack/images?search={name}");
        Assert.Empty(alice["objects"]!.AsArray());
    }

    [Fact]
    public async Task AQueuedImageTakesItsDataFromTheRowMenuAndAnActiveOneOffersNoUpload()
    {
        var name = Cloud.UniquePrefix("queued");
        var image = await _cloud.Admin.CreateImageAsync(new System.Text.Json.Nodes.JsonObject
        {
            ["name"] = name, ["disk_format"] = "raw", ["container_format"] = "bare",
            ["visibility"] = "private", ["owner"] = _cloud.Demo1.ProjectId,
        });
        var id = image.GetProperty("id").GetString()!;
        _created.Add(id);
        var page = await _browser.PageAsync(_host, Alice);
        await page.GotoAsync($"/?search={id}");
        var row = page.Locator("table.grid tbody tr", new() { HasText = name });
        await Expect(row).ToContainTextAsync("queued", new() { Timeout = 90_000 }); // the sync brings it in
        var actions = row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Actions for") });
        await actions.ClickAsync();
        var chooser = await page.RunAndWaitForFileChooserAsync(
            () => page.GetByRole(AriaRole.Menuitem, new() { Name = "Upload data" }).ClickAsync());
        var data = RandomNumberGenerator.GetBytes(3 << 20);
        await chooser.SetFilesAsync(new FilePayload { Name = "disk.raw", MimeType = "application/octet-stream", Buffer = data });
        await Expect(page.Locator(".tray")).ToContainTextAsync($"{name} uploaded", new() { Timeout = 60_000 });
        await Expect(row).ToContainTextAsync("active");
        await Expect(row).ToContainTextAsync("3 MiB");
        var glance = await _cloud.Admin.SendAsync(HttpMethod.Get, $"/v2/images/{id}");
        Assert.Equal("active", glance.GetProperty("status").GetString());
        Assert.Equal(data.Length, glance.GetProperty("size").GetInt64());

        // Glance takes data once: the menu of the active image has no upload any more.
        await actions.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Deactivate" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Upload data" })).ToHaveCountAsync(0);
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
