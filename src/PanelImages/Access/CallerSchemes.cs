namespace PanelImages.Access;

/// <summary>
/// Programs send a token, people's browsers a session cookie (Auth/); one policy scheme picks per request, so every
/// route and every policy sees the same caller whichever way it authenticated.
/// </summary>
public static class CallerSchemes
{
    public const string TokenOrSession = "TokenOrSession";
    public const string Session = "Session";
    public const string SessionCookie = "panelimages.session";

    /// <summary>An Authorization header wins; without one, a session cookie; without either, the token scheme answers 401.</summary>
    public static string Select(HttpContext context) =>
        context.Request.Headers.Authorization.Count == 0 && context.Request.Cookies.ContainsKey(SessionCookie)
            ? Session : TokenAuthenticationHandler.SchemeName;
}
