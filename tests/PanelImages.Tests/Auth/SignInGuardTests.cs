using System.Text.Json.Nodes;
using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using PanelImages.Auth;
using PanelImages.Catalog;
using PanelImages.Tests.Infrastructure;

namespace PanelImages.Tests.Auth;

/// <summary>Settings that change who gets in: the per-address limit, and staff's required second factor.</summary>
public sealed class SignInGuardTests : IAsyncLifetime
{
    private readonly PanelApp _app = new(DatabaseKind.Sqlite);
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    public async Task InitializeAsync()
    {
        _app.Settings["Auth:SignInPermitsPerAddress"] = "3";
        _app.Settings["Auth:SignInWindowSeconds"] = "600";
        _app.Settings["Auth:SecondFactorRequiredForStaff"] = "true";
        SignInWorld.UseTestClockAndPeers(_app, _clock);
        await _app.SeedAsync(async db =>
        {
            await TestWorld.SeedAsync(db);
            foreach (var user in db.Users.Local.ToList())
                db.Credentials.Add(new UserCredential { UserId = user.Id, PasswordHash = Passwords.Hash(user, Browser.Password) });
        });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task OneAddressIsLimitedOnTheSignInRouteAndOthersAreNot()
    {
        for (var i = 0; i < 3; i++) Assert.Equal(401, (await new Browser(_app, "198.51.100.1").SignInAsync("bob", "wrong")).Status);
        var (status, body, response) = await new Browser(_app, "198.51.100.1")
            .SendAsync(HttpMethod.Post, "/backend/auth/login", new { username = "alice", password = Browser.Password });
        Assert.Equal(429, status);
        Assert.InRange(response.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 600);
        Assert.Contains("from this address", (string)body!["detail"]!);
        Assert.Equal(200, (await new Browser(_app, "198.51.100.2").SignInAsync("alice")).Status);
    }

    [Fact]
    public async Task AStaffTokenIsNotToldToEnrolASecondFactorAndReachesTheStaffApi()
    {
        using var client = _app.ClientWithToken(TestWorld.Staff);
        var me = JsonNode.Parse(await client.GetStringAsync("/backend/auth/current-user"))!;
        Assert.Equal("staff", (string?)me["audience"]);
        Assert.False((bool)me["otp_enrolment_required"]!);
        Assert.Equal(200, (int)(await client.GetAsync("/backend/staffapi/openstack/images")).StatusCode);
    }

    [Fact]
    public async Task StaffWithoutASecondFactorMayOnlyEnrolOne()
    {
        var browser = new Browser(_app, "203.0.113.9");
        var (status, body) = await browser.SignInAsync("staff");
        Assert.Equal(200, status);
        Assert.True((bool)body!["otp_enrolment_required"]!);
        var (forbidden, detail, _) = await browser.GetAsync("/backend/staffapi/openstack/images");
        Assert.Equal(403, forbidden);
        Assert.Contains("second factor", (string)detail!["detail"]!);

        var (_, enrolment, _) = await browser.PostAsync("/backend/auth/otp/enrol");
        var secret = Base32.Decode((string)enrolment!["secret"]!);
        var code = Totp.Code(secret, Totp.StepAt(_clock.GetUtcNow()));
        Assert.Equal(200, (await browser.PostAsync("/backend/auth/otp/confirm", new { code })).Status);
        // The account cache of this instance is refreshed at once; the same session now opens the staff API.
        Assert.Equal(200, (await browser.GetAsync("/backend/staffapi/openstack/images")).Status);
        Assert.False((bool)(await browser.GetAsync("/backend/auth/current-user")).Body!["otp_enrolment_required"]!);
    }

    [Fact]
    public async Task StaffSetsAPasswordThroughTheCommandLineFromStandardInput()
    {
        var signedIn = await Browser.SignedInAsync(_app, "bob", Browser.Password);
        var cli = Path.Combine(AppContext.BaseDirectory, "PanelImages.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { cli, "users", "password", "bob", "--Catalog:Provider", "sqlite", "--Catalog:ConnectionString", _app.ConnectionString },
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync("set by staff at the console");
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, errors);
        Assert.Contains("password set for bob; 1 session(s) ended", output);
        Assert.DoesNotContain("set by staff at the console", output + errors);

        Assert.Equal(401, (await signedIn.GetAsync("/backend/auth/current-user")).Status);
        Assert.Equal(200, (await new Browser(_app, "192.0.2.50").SignInAsync("bob", "set by staff at the console")).Status);
    }
}
