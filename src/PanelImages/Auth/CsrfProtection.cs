using Microsoft.AspNetCore.Antiforgery;
using PanelImages.Access;
using PanelImages.Errors;

namespace PanelImages.Auth;

/// <summary>
/// A browser sends the session cookie with any request, also one another site makes it send; so every mutating
/// request authenticated by the cookie must also carry the antiforgery token, which only our page can read.
/// Token-authenticated requests carry no ambient credential and are left alone.
/// </summary>
public static class CsrfProtection
{
    public const string HeaderName = "X-CSRF-TOKEN";
    public const string CookieName = "panelimages.csrf";

    public static void Configure(AntiforgeryOptions o)
    {
        o.HeaderName = HeaderName;
        o.Cookie.Name = CookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
        // The API answers JSON only; framing protection is not this token's business.
        o.SuppressXFrameOptionsHeader = true;
    }

    public static IApplicationBuilder UseSessionCsrf(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (NeedsToken(context) && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            await ErrorResponses.WriteAsync(context, StatusCodes.Status400BadRequest,
                $"CSRF check failed: a request signed in by the session cookie must send the {HeaderName} header " +
                "with the csrf_token of GET /backend/auth/current-user.");
            return;
        }
        await next(context);
    });

    private static bool NeedsToken(HttpContext context) =>
        !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
          || HttpMethods.IsOptions(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method))
        && context.User.Identity is { IsAuthenticated: true, AuthenticationType: CallerSchemes.Session }
        // Signing in starts a session; it cannot need one (SameSite=Strict keeps other sites from posting it).
        && context.Request.Path != SignInApi.LoginPath;
}
