using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using PanelImages.Access;
using PanelImages.Catalog;

namespace PanelImages.Auth;

/// <summary>A person as a session sees them: the same <see cref="Caller"/> a token gives, plus their second factor.</summary>
public sealed record SignInAccount(Caller Caller, bool OtpEnabled, bool EnrolmentRequired)
{
    public const string EnrolmentClaim = "second_factor";

    /// <summary>
    /// The principal the audience policies check. Staff who must still enrol a second factor get no audience claim,
    /// so every audience route answers 403 until they have one.
    /// </summary>
    public ClaimsPrincipal Principal()
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, Caller.UserId.ToString()), new(ClaimTypes.Name, Caller.Username),
        };
        claims.Add(EnrolmentRequired ? new Claim(EnrolmentClaim, "enrolment_required")
            : new Claim(TokenAuthenticationHandler.AudienceClaim, Caller.Audience.ToString()));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CallerSchemes.Session));
    }

    public static string AudienceName(Audience audience) => audience switch
    {
        Audience.Staff => "staff",
        Audience.Reseller => "reseller",
        _ => "enduser",
    };

    public static string ApiPrefix(Audience audience) => audience switch
    {
        Audience.Staff => "/backend/staffapi",
        Audience.Reseller => "/backend/resellerapi",
        _ => "/backend/api",
    };
}

/// <summary>Loads accounts for sessions, cached briefly per instance like token callers.</summary>
public sealed class SignInAccounts(CatalogDb db, IMemoryCache cache, IOptions<SignInOptions> options, IOptions<TenancyOptions> tenancy)
{
    // A changed grant or deactivation takes effect within this time on every instance, as for tokens; ending a
    // session does not wait for it (the session row is read on every request).
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    public async Task<SignInAccount?> FindAsync(int userId, CancellationToken ct) =>
        await cache.GetOrCreateAsync(Key(userId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheFor;
            var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId && u.IsActive, ct);
            return user is null ? null : await ForAsync(user, ct);
        });

    public async Task<SignInAccount> ForAsync(User user, CancellationToken ct)
    {
        var caller = await TokenAuthenticationHandler.LoadCallerAsync(db, user, tenancy.Value.Hidden, ct);
        return await ForAsync(caller, ct);
    }

    public async Task<SignInAccount> ForAsync(Caller caller, CancellationToken ct)
    {
        var otp = await db.Credentials.AnyAsync(c => c.UserId == caller.UserId && c.TotpSecret != null, ct);
        var required = caller.Audience == Audience.Staff && options.Value.SecondFactorRequiredForStaff && !otp;
        return new SignInAccount(caller, otp, required);
    }

    /// <summary>After a change to the account made here; other instances see it when their entry expires.</summary>
    public void Forget(int userId) => cache.Remove(Key(userId));

    private static string Key(int userId) => "session-account:" + userId;
}
