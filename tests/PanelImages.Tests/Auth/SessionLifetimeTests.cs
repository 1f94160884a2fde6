using System.Text.Json.Nodes;
using PanelImages.Catalog;
using PanelImages.Cli;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Auth;

/// <summary>How sessions end: idle and absolute lifetimes, password changes, staff; and how lockout starts and ends.</summary>
public abstract class SessionLifetimeTests<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : SignInWorld
{
    private const string CurrentUser = "/backend/auth/current-user";
    private PanelApp App => world.App;

    [Fact]
    public async Task IdleSessionExpiresAfterItsIdleLifetime()
    {
        var browser = await Browser.SignedInAsync(App, await world.NewPersonAsync());
        world.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(200, (await browser.GetAsync(CurrentUser)).Status);
        world.Clock.Advance(TimeSpan.FromMinutes(31));
        var (status, body, _) = await browser.GetAsync(CurrentUser);
        Assert.Equal(401, status);
        Assert.Equal("The session has ended or expired; sign in again.", (string)body!["detail"]!);
    }

    [Fact]
    public async Task UsedSessionSlidesButEndsAtItsAbsoluteLifetime()
    {
        var browser = await Browser.SignedInAsync(App, await world.NewPersonAsync());
        // 25 minutes apart: each use renews the 30-minute idle lifetime, until the 2-hour absolute end.
        for (var elapsed = 25; elapsed < 120; elapsed += 25)
        {
            world.Clock.Advance(TimeSpan.FromMinutes(25));
            Assert.True((await browser.GetAsync(CurrentUser)).Status == 200, $"at {elapsed} minutes");
        }
        world.Clock.Advance(TimeSpan.FromMinutes(25)); // 125 minutes after sign-in
        Assert.Equal(401, (await browser.GetAsync(CurrentUser)).Status);
        Assert.Equal(401, (await browser.GetAsync("/backend/api/openstack/images")).Status);
    }

    [Fact]
    public async Task PasswordChangeEndsTheOtherSessionsAndKeepsThisOne()
    {
        var person = await world.NewPersonAsync();
        var here = await Browser.SignedInAsync(App, person);
        var elsewhere = await Browser.SignedInAsync(App, person);
        var (status, _, _) = await here.PostAsync("/backend/auth/password",
            new { current_password = Browser.Password, new_password = "a new and long passphrase" });
        Assert.Equal(204, status);
        Assert.Equal(401, (await elsewhere.GetAsync(CurrentUser)).Status);
        Assert.Equal(200, (await here.GetAsync(CurrentUser)).Status);
        Assert.Equal(401, (await new Browser(App).SignInAsync(person)).Status);
        Assert.Equal(200, (await new Browser(App).SignInAsync(person, "a new and long passphrase")).Status);
    }

    [Theory]
    [InlineData("short", "at least 12 characters")]
    [InlineData("password1234", "too common")]
    [InlineData("my name is person-x", null)]
    public async Task PasswordChangeRefusesWeakPasswords(string weak, string? says)
    {
        var person = await world.NewPersonAsync();
        var browser = await Browser.SignedInAsync(App, person);
        var candidate = says is null ? $"{weak} {person}" : weak;
        var (status, body, _) = await browser.PostAsync("/backend/auth/password",
            new { current_password = Browser.Password, new_password = candidate });
        Assert.Equal(400, status);
        Assert.Contains(says ?? "username", (string)body!["detail"]!);
    }

    [Fact]
    public async Task PasswordChangeNeedsTheCurrentPassword()
    {
        var browser = await Browser.SignedInAsync(App, await world.NewPersonAsync());
        var (status, body, _) = await browser.PostAsync("/backend/auth/password",
            new { current_password = "not it at all", new_password = "a new and long passphrase" });
        Assert.Equal(403, status);
        Assert.Equal("The current password is not correct.", (string)body!["detail"]!);
    }

    [Fact]
    public async Task StaffListAndEndASessionOnTheSpot()
    {
        var person = await world.NewPersonAsync();
        var browser = await Browser.SignedInAsync(App, person);
        var (status, list) = await App.GetJsonAsync(Staff, $"/backend/staffapi/sessions?user={person}");
        Assert.Equal(200, status);
        Assert.Equal(1, (int)list!["count"]!);
        var session = list["results"]![0]!;
        Assert.Equal(person, (string)session["user"]!["username"]!);
        Assert.Equal("127.0.0.1", (string)session["client_ip"]!);

        using var staff = App.ClientWithToken(Staff);
        using var ended = await staff.DeleteAsync($"/backend/staffapi/sessions/{(long)session["id"]!}");
        Assert.Equal(204, (int)ended.StatusCode);
        Assert.Equal(401, (await browser.GetAsync(CurrentUser)).Status);
        using var again = await staff.DeleteAsync($"/backend/staffapi/sessions/{(long)session["id"]!}");
        Assert.Equal(404, (int)again.StatusCode);
        Assert.Equal(0, (int)(await App.GetJsonAsync(Staff, $"/backend/staffapi/sessions?user={person}")).Body!["count"]!);
    }

    [Theory]
    [InlineData("page_size=0")]
    [InlineData("page_size=501")]
    [InlineData("page_size=ten")]
    [InlineData("users=alice")]
    [InlineData("user=a&user=b")]
    public async Task SessionListRefusesBadParameters(string query)
    {
        var (status, body) = await App.GetJsonAsync(Staff, $"/backend/staffapi/sessions?{query}");
        Assert.Equal(400, status);
        Assert.NotNull((string?)body!["detail"]);
    }

    [Fact]
    public async Task EndUserCannotListOrEndSessions()
    {
        var browser = await Browser.SignedInAsync(App, await world.NewPersonAsync());
        Assert.Equal(403, (await browser.GetAsync("/backend/staffapi/sessions")).Status);
        Assert.Equal(403, (await browser.SendAsync(HttpMethod.Delete, "/backend/staffapi/sessions/1")).Status);
    }

    [Fact]
    public async Task RepeatedFailuresLockTheAccountUntilStaffUnlockIt()
    {
        var person = await world.NewPersonAsync();
        for (var i = 1; i < 5; i++) Assert.Equal(401, (await new Browser(App).SignInAsync(person, $"wrong {i}")).Status);
        var (_, _, locked) = await new Browser(App).SendAsync(HttpMethod.Post, "/backend/auth/login",
            new { username = person, password = "wrong 5" });
        Assert.Equal(429, (int)locked.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(15), locked.Headers.RetryAfter!.Delta);
        // Locked means locked: the right password does not get in either.
        var (status, body) = await new Browser(App).SignInAsync(person);
        Assert.Equal(429, status);
        Assert.Contains("Too many failed sign-ins", (string)body!["detail"]!);

        Assert.Equal(0, await ManagementCommands.RunAsync(["users", "unlock", person, .. CatalogueArgs]));
        Assert.Equal(200, (await new Browser(App).SignInAsync(person)).Status);
    }

    [Fact]
    public async Task LockoutEndsByItselfAfterItsTime()
    {
        var person = await world.NewPersonAsync();
        for (var i = 0; i < 5; i++) await new Browser(App).SignInAsync(person, "wrong");
        Assert.Equal(429, (await new Browser(App).SignInAsync(person)).Status);
        world.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(200, (await new Browser(App).SignInAsync(person)).Status);
    }

    [Fact]
    public async Task UnknownNameLocksOutExactlyLikeARealOne()
    {
        var real = await world.NewPersonAsync();
        var answers = new List<(string Name, int Status, JsonNode? Body)>();
        foreach (var name in new[] { real, "nobody-by-this-name" })
            for (var i = 0; i < 6; i++)
            {
                var (status, body) = await new Browser(App).SignInAsync(name, "wrong");
                answers.Add((name, status, body));
            }
        var realAnswers = answers.Where(a => a.Name == real).Select(a => (a.Status, a.Body?.ToJsonString()));
        var unknownAnswers = answers.Where(a => a.Name != real).Select(a => (a.Status, a.Body?.ToJsonString()));
        Assert.Equal(realAnswers, unknownAnswers);
        Assert.Equal([401, 401, 401, 401, 429, 429], answers.Where(a => a.Name == real).Select(a => a.Status));
    }

    [Fact]
    public async Task SuccessfulSignInForgivesEarlierFailures()
    {
        var person = await world.NewPersonAsync();
        for (var i = 0; i < 4; i++) await new Browser(App).SignInAsync(person, "wrong");
        Assert.Equal(200, (await new Browser(App).SignInAsync(person)).Status);
        for (var i = 0; i < 4; i++) Assert.Equal(401, (await new Browser(App).SignInAsync(person, "wrong")).Status);
    }

    [Fact]
    public async Task DeactivatedPersonsSessionStopsWorking()
    {
        var person = await world.NewPersonAsync();
        var browser = await Browser.SignedInAsync(App, person);
        await App.SeedAsync(async db =>
        {
            var user = db.Users.Single(u => u.Username == person);
            user.IsActive = false;
            await Task.CompletedTask;
        });
        // Accounts are cached as briefly as token callers (5 s); move past it by waiting for the condition.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        int status;
        while ((status = (await browser.GetAsync(CurrentUser)).Status) == 200 && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        Assert.Equal(401, status);
    }

    private string[] CatalogueArgs =>
        ["--Catalog:Provider", App.Kind == DatabaseKind.Sqlite ? "sqlite" : "postgres", "--Catalog:ConnectionString", App.ConnectionString];
}

public sealed class SessionLifetimeOnSqlite(SqliteSignInWorld world) : SessionLifetimeTests<SqliteSignInWorld>(world);
public sealed class SessionLifetimeOnPostgres(PostgresSignInWorld world) : SessionLifetimeTests<PostgresSignInWorld>(world);
