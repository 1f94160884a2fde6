using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Net.Http.Headers;
using PanelImages.Tests.Infrastructure;

namespace PanelImages.Tests.Auth;

/// <summary>
/// What a browser does for the panel page: keeps the cookies it is given and sends them back, to whichever instance
/// it talks to, and sends the CSRF token it was handed as X-CSRF-TOKEN.
/// </summary>
public sealed class Browser(PanelApp app, string address = "127.0.0.1")
{
    public const string Password = "correct horse battery";
    private readonly Dictionary<string, string> _cookies = new();
    public PanelApp App { get; set; } = app;
    public string? CsrfToken { get; set; }
    /// <summary>The Set-Cookie headers of the last response.</summary>
    public List<SetCookieHeaderValue> LastSetCookies { get; } = [];
    public bool HasSession => _cookies.ContainsKey("panelimages.session");

    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string url,
        object? json = null, bool withCsrf = true)
    {
        using var client = App.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("http://panel.test"), HandleCookies = false, AllowAutoRedirect = false,
        });
        using var request = new HttpRequestMessage(method, url);
        if (json is not null) request.Content = JsonContent.Create(json);
        if (_cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
        if (withCsrf && CsrfToken is not null) request.Headers.Add("X-CSRF-TOKEN", CsrfToken);
        request.Headers.Add(TestPeer.Header, address);
        var response = await client.SendAsync(request);
        LastSetCookies.Clear();
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
            foreach (var cookie in SetCookieHeaderValue.ParseList(values.ToList()))
            {
                LastSetCookies.Add(cookie);
                if (cookie.Expires is { } expires && expires < DateTimeOffset.UtcNow) _cookies.Remove(cookie.Name.ToString());
                else _cookies[cookie.Name.ToString()] = cookie.Value.ToString();
            }
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> GetAsync(string url) => SendAsync(HttpMethod.Get, url);

    public Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(string url, object? json = null, bool withCsrf = true) =>
        SendAsync(HttpMethod.Post, url, json ?? new { }, withCsrf);

    /// <summary>Signs in and keeps the CSRF token of the answer; returns the status and body.</summary>
    public async Task<(int Status, JsonNode? Body)> SignInAsync(string username, string password = Password, string? otp = null)
    {
        var (status, body, _) = await SendAsync(HttpMethod.Post, "/backend/auth/login",
            otp is null ? new { username, password } : new { username, password, otp });
        if (status == 200) CsrfToken = (string?)body!["csrf_token"];
        return (status, body);
    }

    public static async Task<Browser> SignedInAsync(PanelApp app, string username, string password = Password)
    {
        var browser = new Browser(app);
        var (status, body) = await browser.SignInAsync(username, password);
        Assert.True(status == 200, $"sign-in of {username}: {status} {body}");
        return browser;
    }
}
