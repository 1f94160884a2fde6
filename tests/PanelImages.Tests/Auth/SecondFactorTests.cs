using System.Text.Json.Nodes;
using PanelImages.Auth;
using PanelImages.Catalog;
using PanelImages.Tests.Infrastructure;

namespace PanelImages.Tests.Auth;

/// <summary>TOTP enrolment and sign-in with codes computed from the secret the API handed out; recovery codes.</summary>
public abstract class SecondFactorTests<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : SignInWorld
{
    private PanelApp App => world.App;

    /// <summary>A signed-in person with a confirmed TOTP factor: their browser, secret and recovery codes.</summary>
    private async Task<(string Person, Browser Browser, byte[] Secret, List<string> RecoveryCodes)> EnrolledAsync()
    {
        var person = await world.NewPersonAsync();
        var browser = await Browser.SignedInAsync(App, person);
        var (status, enrolment, _) = await browser.PostAsync("/backend/auth/otp/enrol");
        Assert.Equal(200, status);
        var secret = Base32.Decode((string)enrolment!["secret"]!);
        Assert.StartsWith($"otpauth://totp/PanelImages%3A{person}?secret={(string)enrolment["secret"]!}&issuer=PanelImages",
            (string)enrolment["otpauth_uri"]!);
        var (confirmed, codes, _) = await browser.PostAsync("/backend/auth/otp/confirm", new { code = CodeNow(secret) });
        Assert.Equal(200, confirmed);
        var recovery = codes!["recovery_codes"]!.AsArray().Select(c => (string)c!).ToList();
        Assert.Equal(10, recovery.Distinct().Count());
        // The confirming code is spent: the clock moves on before the next sign-in uses a fresh one.
        world.Clock.Advance(TimeSpan.FromSeconds(30));
        return (person, browser, secret, recovery);
    }

    private string CodeNow(byte[] secret) => Totp.Code(secret, Totp.StepAt(world.Clock.GetUtcNow()));

    [Fact]
    public async Task EnrolledPersonSignsInWithTheCurrentCodeOnly()
    {
        var (person, browser, secret, _) = await EnrolledAsync();
        Assert.True((bool)(await browser.GetAsync("/backend/auth/current-user")).Body!["otp_enabled"]!);

        var (missing, body) = await new Browser(App).SignInAsync(person);
        Assert.Equal(401, missing);
        Assert.True((bool)body!["otp_required"]!);
        var (wrong, wrongBody) = await new Browser(App).SignInAsync(person, otp: "000000" == CodeNow(secret) ? "111111" : "000000");
        Assert.Equal(401, wrong);
        Assert.True((bool)wrongBody!["otp_required"]!);
        var (wrongPassword, wrongPasswordBody) = await new Browser(App).SignInAsync(person, "not the password", CodeNow(secret));
        Assert.Equal(401, wrongPassword);
        Assert.Null(wrongPasswordBody!["otp_required"]);

        var code = CodeNow(secret);
        var (ok, current) = await new Browser(App).SignInAsync(person, otp: code);
        Assert.Equal(200, ok);
        Assert.True((bool)current!["otp_enabled"]!);
        // The same code a second time (a replay) is refused.
        Assert.Equal(401, (await new Browser(App).SignInAsync(person, otp: code)).Status);
    }

    [Fact]
    public async Task RecoveryCodeWorksExactlyOnce()
    {
        var (person, _, _, recovery) = await EnrolledAsync();
        Assert.Equal(200, (await new Browser(App).SignInAsync(person, otp: recovery[3].ToUpperInvariant())).Status);
        Assert.Equal(401, (await new Browser(App).SignInAsync(person, otp: recovery[3])).Status);
        Assert.Equal(200, (await new Browser(App).SignInAsync(person, otp: recovery[4])).Status);
    }

    [Fact]
    public async Task ConfirmationRefusesAWrongCodeAndEnrolmentTwiceIsAConflict()
    {
        var person = await world.NewPersonAsync();
        var browser = await Browser.SignedInAsync(App, person);
        Assert.Equal(409, (await browser.PostAsync("/backend/auth/otp/confirm", new { code = "123456" })).Status);
        var (_, enrolment, _) = await browser.PostAsync("/backend/auth/otp/enrol");
        var secret = Base32.Decode((string)enrolment!["secret"]!);
        var wrong = CodeNow(secret) == "123456" ? "654321" : "123456";
        Assert.Equal(400, (await browser.PostAsync("/backend/auth/otp/confirm", new { code = wrong })).Status);
        Assert.False((bool)(await browser.GetAsync("/backend/auth/current-user")).Body!["otp_enabled"]!);
        Assert.Equal(200, (await browser.PostAsync("/backend/auth/otp/confirm", new { code = CodeNow(secret) })).Status);
        Assert.Equal(409, (await browser.PostAsync("/backend/auth/otp/enrol")).Status);
    }

    [Fact]
    public async Task DisablingNeedsThePasswordAndRemovesTheFactor()
    {
        var (person, browser, _, recovery) = await EnrolledAsync();
        Assert.Equal(403, (await browser.PostAsync("/backend/auth/otp/disable", new { password = "wrong" })).Status);
        Assert.Equal(204, (await browser.PostAsync("/backend/auth/otp/disable", new { password = Browser.Password })).Status);
        var (status, body) = await new Browser(App).SignInAsync(person);
        Assert.Equal(200, status);
        Assert.False((bool)body!["otp_enabled"]!);
        // Recovery codes went with the factor: one is no longer anything (and is ignored without a factor).
        Assert.Equal(200, (await new Browser(App).SignInAsync(person, otp: recovery[0])).Status);
    }

    [Fact]
    public async Task SignInEventsAreInTheActivityLogWithTheCallersAddress()
    {
        var (person, browser, _, _) = await EnrolledAsync();
        await new Browser(App, "192.0.2.7").SignInAsync(person, "wrong password");
        await browser.PostAsync("/backend/auth/otp/disable", new { password = Browser.Password });
        await browser.PostAsync("/backend/auth/logout");
        var (status, log) = await App.GetJsonAsync(TestWorld.Staff,
            $"/backend/staffapi/activitylog?filtering=username:{person}&ordering=at&page_size=50");
        Assert.Equal(200, status);
        var entries = log!["objects"]!.AsArray().Select(e => ((string)e!["action"]!, (string)e["outcome"]!, (string?)e["client_ip"])).ToList();
        Assert.Equal(
            [("sign_in", "success", "127.0.0.1"), ("otp_enrolled", "success", "127.0.0.1"), ("sign_in", "failure", "192.0.2.7"),
             ("otp_removed", "success", "127.0.0.1"), ("sign_out", "success", "127.0.0.1")],
            entries);
    }
}

public sealed class SecondFactorOnSqlite(SqliteSignInWorld world) : SecondFactorTests<SqliteSignInWorld>(world);
public sealed class SecondFactorOnPostgres(PostgresSignInWorld world) : SecondFactorTests<PostgresSignInWorld>(world);
