using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Catalog;
using PanelImages.Errors;

namespace PanelImages.Auth;

/// <summary>Checks credentials, counts failures, changes passwords and ends sessions.</summary>
public sealed class SignInService(
    CatalogDb db, AccountLockout lockout, SecondFactors factors, Passwords passwords, SignInAccounts accounts,
    IOptions<SignInOptions> options, TimeProvider time)
{
    public const string BadCredentials = "Invalid username or password.";

    /// <summary>
    /// The user whose name, password and (when enabled) second factor match; otherwise 401, or 429 when locked out.
    /// An unknown name costs the same password verification and gets the same answer as a wrong password.
    /// </summary>
    public async Task<User> CheckAsync(HttpContext context, LoginRequest request, CancellationToken ct)
    {
        var username = Required(request.Username, "username");
        var password = Required(request.Password, "password");
        if (username.Length > 150) throw ApiException.BadRequest("username has at most 150 characters.");
        if (password.Length > options.Value.MaxPasswordLength)
            throw ApiException.BadRequest($"password has at most {options.Value.MaxPasswordLength} characters.");
        if (request.Otp is { Length: > 64 }) throw ApiException.BadRequest("otp has at most 64 characters.");

        var name = AccountLockout.Normalize(username);
        await lockout.DemandOpenAsync(name, ct);
        var found = await db.Users.AsNoTracking().Where(u => u.Username == username.Trim() && u.IsActive)
            .Select(u => new { User = u, Credential = db.Credentials.FirstOrDefault(c => c.UserId == u.Id) })
            .FirstOrDefaultAsync(ct);
        var user = found?.User;
        var credential = found?.Credential;
        var result = Passwords.Verify(user, credential?.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
            throw await FailAsync(context, name, user, username, SignInAudit.SignIn, "wrong username or password", BadCredentials, null);

        if (credential!.TotpSecret is not null)
        {
            if (string.IsNullOrWhiteSpace(request.Otp))
                throw new ApiException(StatusCodes.Status401Unauthorized,
                    "This account has a second factor: send its current code (or a recovery code) as \"otp\".")
                { Extensions = OtpRequired };
            if (!await factors.VerifyAsync(credential, request.Otp, ct))
                throw await FailAsync(context, name, user, username, SignInAudit.SignIn, "wrong second-factor code",
                    "Invalid second-factor code.", OtpRequired);
        }
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            await SetHashAsync(user!, password, ct);
        await lockout.SucceedAsync(name, ct);
        return user!;
    }

    /// <summary>The person's own change: the current password is required, and their other sessions end.</summary>
    public async Task ChangePasswordAsync(HttpContext context, int userId, PasswordChangeRequest request, long? keepSession,
        CancellationToken ct)
    {
        var current = Required(request.CurrentPassword, "current_password");
        var next = Required(request.NewPassword, "new_password");
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, ct);
        var name = AccountLockout.Normalize(user.Username);
        await lockout.DemandOpenAsync(name, ct);
        var hash = await db.Credentials.Where(c => c.UserId == userId).Select(c => c.PasswordHash).FirstOrDefaultAsync(ct);
        if (current.Length > options.Value.MaxPasswordLength || Passwords.Verify(user, hash, current) == PasswordVerificationResult.Failed)
        {
            // A stolen session must not become a way to guess the password: these failures count toward lockout too.
            throw await FailAsync(context, name, user, user.Username, SignInAudit.PasswordChange, "wrong current password",
                "The current password is not correct.", null, StatusCodes.Status403Forbidden);
        }
        if (passwords.Problem(user.Username, next) is { } problem) throw ApiException.BadRequest(problem);
        await SetHashAsync(user, next, ct);
        var ended = await EndSessionsAsync(userId, keepSession, SessionEnd.PasswordChanged, ct);
        await SignInAudit.RecordAsync(db, context, Now, user, user.Username, SignInAudit.PasswordChange, 204,
            $"{ended} other session(s) ended");
    }

    /// <summary>Staff setting a password (command line): every session of that person ends, and any lockout.</summary>
    public async Task<int> SetPasswordAsync(User user, string password, CancellationToken ct)
    {
        if (passwords.Problem(user.Username, password) is { } problem) throw ApiException.BadRequest(problem);
        await SetHashAsync(user, password, ct);
        await lockout.UnlockAsync(user.Username, ct);
        return await EndSessionsAsync(user.Id, null, SessionEnd.PasswordChanged, ct);
    }

    /// <summary>Ends <paramref name="userId"/>'s open sessions except <paramref name="keep"/>.</summary>
    public async Task<int> EndSessionsAsync(int userId, long? keep, string reason, CancellationToken ct)
    {
        var now = Now;
        return await db.Sessions.Where(s => s.UserId == userId && s.EndedAt == null && s.Id != keep)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAt, now).SetProperty(s => s.EndReason, reason), ct);
    }

    private async Task SetHashAsync(User user, string password, CancellationToken ct)
    {
        var hash = Passwords.Hash(user, password);
        var now = Now;
        var credential = await db.Credentials.FirstOrDefaultAsync(c => c.UserId == user.Id, ct)
                         ?? db.Credentials.Add(new UserCredential { UserId = user.Id }).Entity;
        credential.PasswordHash = hash;
        credential.PasswordChangedAt = now;
        await db.SaveChangesAsync(ct);
        accounts.Forget(user.Id);
    }

    private async Task<ApiException> FailAsync(HttpContext context, string name, User? user, string username, string action, string why,
        string detail, IReadOnlyDictionary<string, object?>? extensions, int status = StatusCodes.Status401Unauthorized)
    {
        var ct = context.RequestAborted;
        var lockedNow = await lockout.FailAsync(name, ct);
        await SignInAudit.RecordAsync(db, context, Now, user, username, action, status, why);
        if (!lockedNow) return new ApiException(status, detail) { Extensions = extensions };
        await SignInAudit.RecordAsync(db, context, Now, user, username, SignInAudit.Lockout, StatusCodes.Status429TooManyRequests,
            $"locked for {options.Value.LockoutMinutes} minutes after {options.Value.LockoutAttempts} failures");
        return lockout.Locked(options.Value.Lockout);
    }

    private static readonly IReadOnlyDictionary<string, object?> OtpRequired = new Dictionary<string, object?> { ["otp_required"] = true };

    private static string Required(string? value, string field) =>
        string.IsNullOrEmpty(value) ? throw ApiException.BadRequest($"{field} is required.") : value;

    private DateTime Now => time.GetUtcNow().UtcDateTime;
}
