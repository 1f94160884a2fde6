using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using PanelImages.Access;
using PanelImages.Errors;

namespace PanelImages.Auth;

/// <summary>The session this request runs in (cookie-authenticated requests only).</summary>
public sealed record CurrentSession(long Id, DateTimeOffset? ExpiresAt, DateTimeOffset? AbsoluteExpiresAt);

/// <summary>Cookie authentication as the panel's session: JSON answers instead of redirects, the caller loaded per request.</summary>
public static class SessionCookie
{
    public const string AbsoluteExpiryItem = "absolute_expires_at";
    public const string EnrolFirst =
        "Staff accounts need a second factor: enrol one (POST /backend/auth/otp/enrol, then /backend/auth/otp/confirm).";

    public static void Configure(CookieAuthenticationOptions o, SignInOptions settings, ITicketStore store, TimeProvider time)
    {
        o.Cookie.Name = CallerSchemes.SessionCookie;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.Cookie.IsEssential = true;
        o.ExpireTimeSpan = settings.SessionIdle;
        o.SlidingExpiration = true;
        o.SessionStore = store;
        o.TimeProvider = time;
        o.Events = new CookieAuthenticationEvents
        {
            OnValidatePrincipal = ValidateAsync,
            OnRedirectToLogin = c => ErrorResponses.WriteAsync(c.HttpContext, StatusCodes.Status401Unauthorized,
                "The session has ended or expired; sign in again."),
            OnRedirectToAccessDenied = c => ErrorResponses.WriteAsync(c.HttpContext, StatusCodes.Status403Forbidden,
                c.HttpContext.User.HasClaim(cl => cl.Type == SignInAccount.EnrolmentClaim)
                    ? EnrolFirst : "This API is not available to your account type."),
            OnRedirectToLogout = _ => Task.CompletedTask,
            OnRedirectToReturnUrl = _ => Task.CompletedTask,
        };
    }

    /// <summary>
    /// Every request re-reads the person (cached a few seconds, as tokens are): a deactivated account's session stops
    /// working, and the caller is the same object the token scheme would have produced.
    /// </summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        var id = context.Principal?.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        var account = int.TryParse(id, out var userId)
            ? await http.RequestServices.GetRequiredService<SignInAccounts>().FindAsync(userId, http.RequestAborted)
            : null;
        if (account is null || !context.Properties.Items.TryGetValue(SessionTicketStore.SessionIdItem, out var session))
        {
            context.RejectPrincipal();
            return;
        }
        http.Features.Set(account.Caller);
        http.Features.Set(account);
        var absolute = context.Properties.Items.TryGetValue(AbsoluteExpiryItem, out var a) && DateTimeOffset.TryParse(a, out var at)
            ? at : (DateTimeOffset?)null;
        http.Features.Set(new CurrentSession(long.Parse(session!), context.Properties.ExpiresUtc, absolute));
        context.ReplacePrincipal(account.Principal());
    }
}
