using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Catalog;
using PanelImages.Errors;

namespace PanelImages.Auth;

/// <summary>
/// Lockout per account name after repeated failures, kept in the catalogue so that it holds on every instance.
/// Names that match no account are counted the same way: a lockout answer never confirms that an account exists.
/// </summary>
public sealed class AccountLockout(CatalogDb db, IOptions<SignInOptions> options, TimeProvider time)
{
    public static string Normalize(string username) => username.Trim().ToLowerInvariant();

    /// <summary>Throws 429 with Retry-After while <paramref name="name"/> is locked out.</summary>
    public async Task DemandOpenAsync(string name, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var lockedUntil = await db.SignInThrottles.Where(t => t.Username == name && t.LockedUntil > now)
            .Select(t => t.LockedUntil).FirstOrDefaultAsync(ct);
        if (lockedUntil is { } until)
            throw Locked(until - now);
    }

    /// <summary>Counts a failure; returns true when this failure started a lockout.</summary>
    public async Task<bool> FailAsync(string name, CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        // Failures older than the lockout window no longer count: a typo a week ago is not half of a lockout now.
        var windowStart = now - o.Lockout;
        var updated = await db.SignInThrottles.Where(t => t.Username == name).ExecuteUpdateAsync(u => u
            .SetProperty(t => t.Failures, t => t.LastFailureAt < windowStart ? 1 : t.Failures + 1)
            .SetProperty(t => t.LastFailureAt, now), ct);
        if (updated == 0)
        {
            db.SignInThrottles.Add(new SignInThrottle { Username = name, Failures = 1, LastFailureAt = now });
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException)
            {
                // Another request (or instance) inserted the row first: count on it.
                db.ChangeTracker.Clear();
                return await FailAsync(name, ct);
            }
            db.ChangeTracker.Clear();
        }
        // One request wins the lockout, so it is recorded once.
        var until = now + o.Lockout;
        var locked = await db.SignInThrottles.Where(t => t.Username == name && t.Failures >= o.LockoutAttempts)
            .ExecuteUpdateAsync(u => u.SetProperty(t => t.LockedUntil, until).SetProperty(t => t.Failures, 0), ct);
        // Rows of names nobody has tried for a day are only noise.
        var stale = now.AddDays(-1);
        await db.SignInThrottles.Where(t => t.LastFailureAt < stale && (t.LockedUntil == null || t.LockedUntil < now))
            .ExecuteDeleteAsync(ct);
        return locked > 0;
    }

    public Task SucceedAsync(string name, CancellationToken ct) =>
        db.SignInThrottles.Where(t => t.Username == name).ExecuteDeleteAsync(ct);

    /// <summary>Staff unlock; also clears the failure count.</summary>
    public Task<int> UnlockAsync(string username, CancellationToken ct) =>
        db.SignInThrottles.Where(t => t.Username == Normalize(username)).ExecuteDeleteAsync(ct);

    public ApiException Locked(TimeSpan retryAfter) => ApiException.TooManyRequests(
        $"Too many failed sign-ins for this account. Try again in {Math.Ceiling(retryAfter.TotalMinutes)} minute(s), " +
        "or ask staff to unlock it.", retryAfter);
}
