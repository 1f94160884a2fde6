using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Access;
using PanelImages.Catalog;

namespace PanelImages.Auth;

/// <summary>
/// Cookie authentication's session store, in the catalogue: the cookie carries a random key, the ticket stays here.
/// Every instance finds it, and ending a session (sign-out, password change, staff) takes effect on the next request.
/// </summary>
public sealed class SessionTicketStore(IOptions<SignInOptions> options, TimeProvider time) : ITicketStore
{
    /// <summary>The session's row id, kept in the ticket's properties for the request that uses it.</summary>
    public const string SessionIdItem = "session_id";
    // The last-seen time is written at most this often, not on every request.
    private static readonly TimeSpan SeenResolution = TimeSpan.FromMinutes(1);

    public async Task<string> StoreAsync(AuthenticationTicket ticket, HttpContext httpContext, CancellationToken ct)
    {
        var db = httpContext.RequestServices.GetRequiredService<CatalogDb>();
        var key = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = Now;
        var session = new SignInSession
        {
            KeyHash = TokenAuthenticationHandler.HashKey(key),
            UserId = int.Parse(ticket.Principal.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value),
            CreatedAt = now, LastSeenAt = now, AbsoluteExpiresAt = now + options.Value.SessionAbsolute,
            ClientIp = httpContext.Connection.RemoteIpAddress?.ToString(),
            UserAgent = Truncate(httpContext.Request.Headers.UserAgent.ToString(), 256),
            Ticket = [],
        };
        session.ExpiresAt = CapExpiry(ticket, session.AbsoluteExpiresAt);
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        ticket.Properties.Items[SessionIdItem] = session.Id.ToString();
        ticket.Properties.Items[SessionCookie.AbsoluteExpiryItem] = session.AbsoluteExpiresAt.ToString("O");
        session.Ticket = TicketSerializer.Default.Serialize(ticket);
        await db.SaveChangesAsync(ct);
        return key;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket, HttpContext httpContext, CancellationToken ct)
    {
        var db = httpContext.RequestServices.GetRequiredService<CatalogDb>();
        var hash = TokenAuthenticationHandler.HashKey(key);
        var absolute = await db.Sessions.Where(s => s.KeyHash == hash && s.EndedAt == null)
            .Select(s => (DateTime?)s.AbsoluteExpiresAt).FirstOrDefaultAsync(ct);
        if (absolute is null) return; // ended meanwhile: renewing must not revive it
        var expires = CapExpiry(ticket, absolute.Value);
        var bytes = TicketSerializer.Default.Serialize(ticket);
        var now = Now;
        await db.Sessions.Where(s => s.KeyHash == hash && s.EndedAt == null).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.Ticket, bytes).SetProperty(s => s.ExpiresAt, expires).SetProperty(s => s.LastSeenAt, now), ct);
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key, HttpContext httpContext, CancellationToken ct)
    {
        var db = httpContext.RequestServices.GetRequiredService<CatalogDb>();
        var hash = TokenAuthenticationHandler.HashKey(key);
        var session = await db.Sessions.AsNoTracking().Where(s => s.KeyHash == hash && s.EndedAt == null)
            .Select(s => new { s.Id, s.Ticket, s.ExpiresAt, s.AbsoluteExpiresAt, s.LastSeenAt }).FirstOrDefaultAsync(ct);
        if (session is null) return null;
        var now = Now;
        if (now >= session.ExpiresAt || now >= session.AbsoluteExpiresAt)
        {
            await EndAsync(db, session.Id, SessionEnd.Expired, now, ct);
            return null;
        }
        if (now - session.LastSeenAt >= SeenResolution)
            await db.Sessions.Where(s => s.Id == session.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAt, now), ct);
        return TicketSerializer.Default.Deserialize(session.Ticket);
    }

    /// <summary>Sign-out, or the cookie handler finding the ticket expired.</summary>
    public async Task RemoveAsync(string key, HttpContext httpContext, CancellationToken ct)
    {
        var db = httpContext.RequestServices.GetRequiredService<CatalogDb>();
        var hash = TokenAuthenticationHandler.HashKey(key);
        var now = Now;
        var reason = HttpMethods.IsPost(httpContext.Request.Method) && httpContext.Request.Path == SignInApi.LogoutPath
            ? SessionEnd.SignedOut : SessionEnd.Expired;
        await db.Sessions.Where(s => s.KeyHash == hash && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason), ct);
    }

    public static Task<int> EndAsync(CatalogDb db, long id, string reason, DateTime now, CancellationToken ct) =>
        db.Sessions.Where(s => s.Id == id && s.EndedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason), ct);

    // The handler calls the HttpContext overloads above; these exist only because the interface demands them.
    public Task<string> StoreAsync(AuthenticationTicket ticket) => throw RequestNeeded();
    public Task RenewAsync(string key, AuthenticationTicket ticket) => throw RequestNeeded();
    public Task<AuthenticationTicket?> RetrieveAsync(string key) => throw RequestNeeded();
    public Task RemoveAsync(string key) => throw RequestNeeded();

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>The idle expiry the handler computed, never past the absolute end; the ticket says the same.</summary>
    private static DateTime CapExpiry(AuthenticationTicket ticket, DateTime absolute)
    {
        var idle = ticket.Properties.ExpiresUtc?.UtcDateTime ?? absolute;
        var expires = idle < absolute ? idle : absolute;
        ticket.Properties.ExpiresUtc = new DateTimeOffset(expires, TimeSpan.Zero);
        return expires;
    }

    private static NotSupportedException RequestNeeded() => new("The session store works within a request.");
    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    private static string? Truncate(string value, int max) => value.Length == 0 ? null : value.Length <= max ? value : value[..max];
}

public static class SessionEnd
{
    public const string SignedOut = "signed_out";
    public const string Expired = "expired";
    public const string PasswordChanged = "password_changed";
    public const string EndedByStaff = "ended_by_staff";
}
