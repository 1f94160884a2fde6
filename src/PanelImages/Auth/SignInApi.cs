using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.OpenApi.Schemas;

namespace PanelImages.Auth;

/// <summary>POST /backend/auth/login, logout, password; GET current-user. One API for every audience.</summary>
public static class SignInApi
{
    public const string LoginPath = "/backend/auth/login";
    public const string LogoutPath = "/backend/auth/logout";

    public static IEndpointRouteBuilder MapSignInApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/backend/auth").WithTags("Sign in");
        auth.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(SignInRateLimit.Policy).WithName("SignIn")
            .WithSummary("Sign in with username, password and (when the account has one) a second-factor code; sets the session cookie.")
            .Produces<ErrorBody>(400).Produces<SignInError>(401).Produces<ErrorBody>(429);
        auth.MapGet("/current-user", CurrentUser).RequireAuthorization().WithName("CurrentUser")
            .WithSummary("The signed-in person (cookie or token): audience, API prefix, clients, permissions, CSRF token.")
            .Produces<ErrorBody>(401);
        auth.MapPost("/logout", Logout).RequireAuthorization().WithName("SignOut")
            .WithSummary("End this session (needs the X-CSRF-TOKEN header).").Produces<ErrorBody>(400).Produces<ErrorBody>(401);
        auth.MapPost("/password", ChangePassword).RequireAuthorization().WithName("ChangePassword")
            .WithSummary("Change one's own password (the current one is required); the person's other sessions end.")
            .Produces<ErrorBody>(400).Produces<ErrorBody>(401).Produces<ErrorBody>(403).Produces<ErrorBody>(429);
        auth.MapSecondFactorApi();
        return app;
    }

    private static async Task<Ok<CurrentUserResponse>> Login(LoginRequest request, HttpContext context, SignInService signIn,
        SignInAccounts accounts, CatalogDb db, IAntiforgery antiforgery, TimeProvider time, CancellationToken ct)
    {
        var user = await signIn.CheckAsync(context, request, ct);
        var account = await accounts.ForAsync(user, ct);
        var properties = new AuthenticationProperties { AllowRefresh = true, IsPersistent = false };
        await context.SignInAsync(CallerSchemes.Session, account.Principal(), properties);
        var now = time.GetUtcNow().UtcDateTime;
        await SignInAudit.RecordAsync(db, context, now, user, user.Username, SignInAudit.SignIn, 200,
            account.OtpEnabled ? "password and second factor" : "password");
        // Sessions past their absolute end a week ago are of no use even to staff looking back.
        var old = now.AddDays(-7);
        await db.Sessions.Where(s => s.AbsoluteExpiresAt < old).ExecuteDeleteAsync(ct);

        // The response already speaks for the new session: its CSRF token is bound to this person.
        context.User = account.Principal();
        var session = new CurrentSession(0, properties.ExpiresUtc,
            properties.Items.TryGetValue(SessionCookie.AbsoluteExpiryItem, out var a) ? DateTimeOffset.Parse(a!) : null);
        return TypedResults.Ok(await DescribeAsync(context, db, account, session, antiforgery, ct));
    }

    private static async Task<Ok<CurrentUserResponse>> CurrentUser(HttpContext context, CatalogDb db, SignInAccounts accounts,
        IAntiforgery antiforgery, CancellationToken ct)
    {
        var account = context.Features.Get<SignInAccount>() ?? await accounts.ForAsync(Caller.From(context), ct);
        return TypedResults.Ok(await DescribeAsync(context, db, account, context.Features.Get<CurrentSession>(), antiforgery, ct));
    }

    private static async Task<NoContent> Logout(HttpContext context, CatalogDb db, TimeProvider time)
    {
        var caller = Caller.From(context);
        if (context.Features.Get<CurrentSession>() is not null)
        {
            await context.SignOutAsync(CallerSchemes.Session);
            context.Response.Cookies.Delete(CsrfProtection.CookieName);
            await SignInAudit.RecordAsync(db, time.GetUtcNow().UtcDateTime, caller.UserId, caller.Username,
                caller.Audience.ToString(), SignInAudit.SignOut, 204, null, context.Connection.RemoteIpAddress?.ToString());
        }
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ChangePassword(PasswordChangeRequest request, HttpContext context, SignInService signIn,
        CancellationToken ct)
    {
        await signIn.ChangePasswordAsync(context, Caller.From(context).UserId, request, context.Features.Get<CurrentSession>()?.Id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<CurrentUserResponse> DescribeAsync(HttpContext context, CatalogDb db, SignInAccount account,
        CurrentSession? session, IAntiforgery antiforgery, CancellationToken ct)
    {
        var caller = account.Caller;
        var clientIds = caller.ClientIds;
        var clients = clientIds.Count == 0 ? [] : await db.Clients.AsNoTracking().Where(c => clientIds.Contains(c.Id))
            .OrderBy(c => c.Id).Select(c => new ClientRef(c.Id, c.Name)).ToListAsync(ct);
        var permissions = ImagePermissions.Names.ToDictionary(n => n, caller.Permissions.Allows);
        // Only a cookie needs the CSRF token; a token caller gets none (and no antiforgery cookie).
        var csrf = session is null ? null : antiforgery.GetAndStoreTokens(context).RequestToken;
        return new CurrentUserResponse(new UserRef(caller.UserId, caller.Username), SignInAccount.AudienceName(caller.Audience),
            // The second factor guards sessions only: to a token the staff API is open, so nothing is required of it.
            SignInAccount.ApiPrefix(caller.Audience), clients, permissions, account.OtpEnabled, account.EnrolmentRequired && session is not null, csrf,
            session?.ExpiresAt, session?.AbsoluteExpiresAt);
    }
}
