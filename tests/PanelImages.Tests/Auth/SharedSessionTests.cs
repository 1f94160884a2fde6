using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PanelImages.Auth;
using PanelImages.Catalog;
using PanelImages.Tests.Infrastructure;

namespace PanelImages.Tests.Auth;

/// <summary>
/// Several instances on one PostgreSQL: sessions, CSRF tokens and data-protection keys live in the catalogue, so a
/// browser may reach any instance, before and after every instance restarts.
/// </summary>
public sealed class SharedSessionTests : IAsyncLifetime
{
    private readonly PanelApp _catalogue = new(DatabaseKind.Postgres);
    private readonly List<PanelApp> _instances = [];

    public async Task InitializeAsync() =>
        await _catalogue.SeedAsync(async db =>
        {
            await TestWorld.SeedAsync(db);
            foreach (var user in db.Users.Local.ToList())
                db.Credentials.Add(new UserCredential { UserId = user.Id, PasswordHash = Passwords.Hash(user, Browser.Password) });
        });

    public async Task DisposeAsync()
    {
        foreach (var instance in _instances) await instance.DisposeAsync();
        await _catalogue.DisposeAsync();
    }

    private PanelApp Instance()
    {
        var app = new PanelApp(_catalogue);
        app.Settings["Auth:SecondFactorRequiredForStaff"] = "false";
        app.ServiceOverrides.Add(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestPeer>());
        _instances.Add(app);
        return app;
    }

    [Fact]
    public async Task TwoInstancesAcceptEachOthersCookiesAndBothSurviveARestart()
    {
        var a = Instance();
        var b = Instance();
        var browser = await Browser.SignedInAsync(a, "alice");
        browser.App = b;
        Assert.Equal(200, (await browser.GetAsync("/backend/api/openstack/images")).Status);
        // A CSRF token handed out by one instance is good on the other.
        Assert.Equal(204, (await browser.PostAsync("/backend/auth/password",
            new { current_password = Browser.Password, new_password = "the second instance agrees" })).Status);

        var staff = await Browser.SignedInAsync(b, "staff");
        await a.DisposeAsync();
        await b.DisposeAsync();
        var a2 = Instance();
        var b2 = Instance();
        foreach (var (who, instance, url) in new[]
                 {
                     (browser, a2, "/backend/api/openstack/images"), (browser, b2, "/backend/auth/current-user"),
                     (staff, a2, "/backend/staffapi/sessions"), (staff, b2, "/backend/staffapi/openstack/images"),
                 })
        {
            who.App = instance;
            Assert.True((await who.GetAsync(url)).Status == 200, $"{url} after the restart");
        }

        // Signing out on one instance ends the session on the other at once.
        browser.App = a2;
        Assert.Equal(204, (await browser.PostAsync("/backend/auth/logout")).Status);
        browser.App = b2;
        Assert.Equal(401, (await browser.GetAsync("/backend/auth/current-user")).Status);

        // Every instance read one key ring from the catalogue.
        await using var scope = a2.Services.CreateAsyncScope();
        var keys = await scope.ServiceProvider.GetRequiredService<CatalogDb>().DataProtectionKeys.CountAsync();
        Assert.InRange(keys, 1, 2); // two only if the first two instances started at the same moment
    }
}
