using PanelImages.Audit;
using PanelImages.Catalog;

namespace PanelImages.Auth;

/// <summary>Sign-in events in the activity log, with the caller's address.</summary>
public static class SignInAudit
{
    public const string SignIn = "sign_in";
    public const string Lockout = "lockout";
    public const string SignOut = "sign_out";
    public const string PasswordChange = "password_change";
    public const string PasswordSet = "password_set";
    public const string Unlock = "unlock";
    public const string FactorEnrolled = "otp_enrolled";
    public const string FactorRemoved = "otp_removed";
    public const string SessionEnded = "session_ended";

    /// <summary>The actor of changes made through the command line, where there is no signed-in person.</summary>
    public const string CommandLine = "(command line)";

    public static async Task RecordAsync(CatalogDb db, DateTime at, int userId, string username, string audience, string action,
        int status, string? detail, string? clientIp, CancellationToken ct = default)
    {
        db.AuditLog.Add(new AuditEntry
        {
            At = at, UserId = userId, Username = username.Length > 150 ? username[..150] : username, Audience = audience,
            Action = action, Outcome = status < 400 ? "success" : "failure", StatusCode = status, ClientIp = clientIp,
            Detail = detail,
        });
        await db.SaveChangesAsync(ct);
    }

    public static Task RecordAsync(CatalogDb db, HttpContext context, DateTime at, User? user, string username, string action,
        int status, string? detail = null) =>
        RecordAsync(db, at, user?.Id ?? 0, user?.Username ?? username, user?.Audience.ToString() ?? "unknown", action, status,
            detail, context.Connection.RemoteIpAddress?.ToString(), context.RequestAborted);
}
