using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Auth;

public abstract class SignInTests<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : SignInWorld
{
    private const string EndUserApi = "/backend/api/openstack/images";
    private const string StaffApi = "/backend/staffapi/openstack/images";
    private const string ResellerApi = "/backend/resellerapi/openstack/images";
    private PanelApp App => world.App;

    [Fact]
    public async Task SignInSetsAnHttpOnlyStrictSessionCookieAndAnswersTheCurrentUser()
    {
        var browser = new Browser(App);
        var (status, body) = await browser.SignInAsync("alice");
        Assert.Equal(200, status);
        var cookie = browser.LastSetCookies.Single(c => c.Name == "panelimages.session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Strict, cookie.SameSite);
        Assert.False(cookie.Secure); // plain HTTP here; see SessionCookieIsSecureOverHttps
        Assert.Null(cookie.Expires); // a browser session, not a stored cookie

        Assert.Equal("alice", (string)body!["user"]!["username"]!);
        Assert.Equal("enduser", (string)body["audience"]!);
        Assert.Equal("/backend/api", (string)body["api_prefix"]!);
        Assert.Equal([ClientA], body["clients"]!.AsArray().Select(c => (int)c!["id"]!));
        Assert.Equal("Alpha", (string)body["clients"]![0]!["name"]!);
        Assert.False((bool)body["otp_enabled"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["csrf_token"]));

        var (_, current, _) = await browser.GetAsync("/backend/auth/current-user");
        Assert.Equal("alice", (string)current!["user"]!["username"]!);
        Assert.True(JsonNode.DeepEquals(body["permissions"], current["permissions"]));
    }

    [Fact]
    public async Task SessionCookieIsSecureOverHttps()
    {
        using var client = App.CreateClient(new() { BaseAddress = new Uri("https://panel.test"), HandleCookies = false });
        using var response = await client.PostAsJsonAsync("/backend/auth/login", new { username = "bob", password = Browser.Password });
        Assert.Equal(200, (int)response.StatusCode);
        var cookie = Microsoft.Net.Http.Headers.SetCookieHeaderValue.ParseList(response.Headers.GetValues("Set-Cookie").ToList())
            .Single(c => c.Name == "panelimages.session");
        Assert.True(cookie.Secure);
    }

    [Fact]
    public async Task UnknownUserAndWrongPasswordGetTheSameAnswer()
    {
        var unknown = await new Browser(App).SignInAsync("nobody-at-all");
        var wrong = await new Browser(App).SignInAsync("bob", "not bob's password");
        Assert.Equal(401, unknown.Status);
        Assert.Equal(401, wrong.Status);
        Assert.True(JsonNode.DeepEquals(unknown.Body, wrong.Body));
        Assert.Equal("Invalid username or password.", (string)wrong.Body!["detail"]!);
    }

    [Theory]
    [InlineData("alice", EndUserApi, new[] { StaffApi, ResellerApi })]
    [InlineData("staff", StaffApi, new[] { EndUserApi, ResellerApi })]
    [InlineData("reseller", ResellerApi, new[] { EndUserApi, StaffApi })]
    public async Task SessionOpensItsAudiencesApiAndNoOther(string username, string own, string[] others)
    {
        var browser = await Browser.SignedInAsync(App, username);
        Assert.Equal(200, (await browser.GetAsync(own)).Status);
        Assert.Equal(200, (await browser.GetAsync($"{own}/permissions")).Status);
        foreach (var api in others)
        {
            var (status, body, _) = await browser.GetAsync(api);
            Assert.Equal(403, status);
            Assert.Equal("This API is not available to your account type.", (string)body!["detail"]!);
        }
    }

    [Fact]
    public async Task EndUserSessionIsForbiddenOnTheStaffApiAsItsTokenIs()
    {
        var browser = await Browser.SignedInAsync(App, "alice");
        foreach (var url in new[] { StaffApi, "/backend/staffapi/sessions", "/backend/staffapi/activitylog" })
        {
            var cookie = await browser.GetAsync(url);
            var token = await App.GetJsonAsync(Alice, url);
            Assert.Equal(403, cookie.Status);
            Assert.Equal(token.Status, cookie.Status);
        }
    }

    [Theory]
    [InlineData("alice", Alice, EndUserApi)]
    [InlineData("reseller", Reseller, ResellerApi)]
    public async Task SessionSeesExactlyWhatItsTokenSees(string username, string token, string api)
    {
        var browser = await Browser.SignedInAsync(App, username);
        foreach (var url in new[] { $"{api}?page_size=100", $"{api}?filtering=visibility:public", $"{api}/pa-private",
                     $"{api}/pd-private", $"{api}/pb-shared", $"{api}/permissions" })
        {
            var byCookie = await browser.GetAsync(url);
            var byToken = await App.GetJsonAsync(token, url);
            Assert.Equal(byToken.Status, byCookie.Status);
            Assert.True(JsonNode.DeepEquals(byToken.Body, byCookie.Body), url);
        }
        Assert.Equal(404, (await browser.GetAsync($"{api}/pd-private")).Status);
    }

    [Fact]
    public async Task WithoutSessionOrWithAForgedCookieTheApiIs401()
    {
        Assert.Equal(401, (await new Browser(App).GetAsync("/backend/auth/current-user")).Status);
        using var client = App.ClientWithToken(null);
        client.DefaultRequestHeaders.Add("Cookie", "panelimages.session=CfDJ8forged");
        using var response = await client.GetAsync(EndUserApi);
        Assert.Equal(401, (int)response.StatusCode);
        Assert.NotNull((string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]);
    }

    [Fact]
    public async Task MutatingRequestWithoutTheCsrfTokenIsRefusedAndWithItAccepted()
    {
        var browser = await Browser.SignedInAsync(App, "bob");
        var (refused, body, _) = await browser.PostAsync("/backend/auth/logout", withCsrf: false);
        Assert.Equal(400, refused);
        Assert.Contains("X-CSRF-TOKEN", (string)body!["detail"]!);
        var token = browser.CsrfToken;
        browser.CsrfToken = "not-the-token";
        Assert.Equal(400, (await browser.PostAsync("/backend/auth/logout")).Status);
        Assert.Equal(200, (await browser.GetAsync("/backend/auth/current-user")).Status); // still signed in

        browser.CsrfToken = token;
        Assert.Equal(204, (await browser.PostAsync("/backend/auth/logout")).Status);
        Assert.Equal(401, (await browser.GetAsync("/backend/auth/current-user")).Status);
    }

    [Fact]
    public async Task CsrfTokenOfAnotherPersonIsRefused()
    {
        var bob = await Browser.SignedInAsync(App, "bob");
        var alice = await Browser.SignedInAsync(App, "alice");
        alice.CsrfToken = bob.CsrfToken;
        Assert.Equal(400, (await alice.PostAsync("/backend/auth/logout")).Status);
    }

    [Fact]
    public async Task TokenRequestsNeedNoCsrfToken()
    {
        using var client = App.ClientWithToken(Bob);
        using var response = await client.PostAsync("/backend/auth/logout", null);
        Assert.Equal(204, (int)response.StatusCode);
        var (status, body) = await App.GetJsonAsync(Bob, "/backend/auth/current-user");
        Assert.Equal(200, status);
        Assert.Null(body!["csrf_token"]);
        Assert.Equal("bob", (string)body["user"]!["username"]!);
    }

    [Fact]
    public async Task UnknownFieldsAndMissingOnesAre400()
    {
        var browser = new Browser(App);
        var (status, body, _) = await browser.PostAsync("/backend/auth/login", new { username = "alice", password = "x", otpp = "1" });
        Assert.Equal(400, status);
        Assert.NotNull((string?)body!["detail"]);
        (status, body, _) = await browser.PostAsync("/backend/auth/login", new { username = "alice" });
        Assert.Equal(400, status);
        Assert.Equal("password is required.", (string)body!["detail"]!);
    }

    [Fact]
    public async Task OpenApiDocumentDescribesTheSignInRoutesWithSchemas()
    {
        using var client = App.ClientWithToken(null);
        var doc = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var paths = doc["paths"]!.AsObject();
        foreach (var path in new[] { "/backend/auth/login", "/backend/auth/logout", "/backend/auth/current-user", "/backend/auth/password",
                     "/backend/auth/otp/enrol", "/backend/auth/otp/confirm", "/backend/auth/otp/disable",
                     "/backend/staffapi/sessions", "/backend/staffapi/sessions/{id}" })
            Assert.True(paths.ContainsKey(path), path);
        var schemas = doc["components"]!["schemas"]!.AsObject();
        Assert.Contains("username", schemas["LoginRequest"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.Contains("api_prefix", schemas["CurrentUserResponse"]!["properties"]!.AsObject().Select(p => p.Key));
        Assert.Contains("otp_required", schemas["SignInError"]!["properties"]!.AsObject().Select(p => p.Key));
    }
}

public sealed class SignInOnSqlite(SqliteSignInWorld world) : SignInTests<SqliteSignInWorld>(world);
public sealed class SignInOnPostgres(PostgresSignInWorld world) : SignInTests<PostgresSignInWorld>(world);
