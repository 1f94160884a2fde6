using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Catalog;
using PanelImages.Errors;

namespace PanelImages.Auth;

/// <summary>TOTP enrolment, confirmation and use, and the one-time recovery codes that stand in for a lost device.</summary>
public sealed class SecondFactors(CatalogDb db, IOptions<SignInOptions> options, TimeProvider time)
{
    public const int RecoveryCodeCount = 10;

    /// <summary>A fresh secret, pending until a first code confirms it; an enabled factor must be removed first.</summary>
    public async Task<OtpEnrolment> EnrolAsync(int userId, string username, CancellationToken ct)
    {
        var credential = await CredentialAsync(userId, ct);
        if (credential.TotpSecret is not null)
            throw ApiException.Conflict("A second factor is already enabled; disable it first to enrol a new device.");
        credential.PendingTotpSecret = Totp.NewSecret();
        await db.SaveChangesAsync(ct);
        return new OtpEnrolment(Base32.Encode(credential.PendingTotpSecret),
            Totp.Uri(options.Value.TotpIssuer, username, credential.PendingTotpSecret));
    }

    /// <summary>Enables the pending secret if <paramref name="code"/> is its current code; returns new recovery codes.</summary>
    public async Task<RecoveryCodes> ConfirmAsync(int userId, string code, CancellationToken ct)
    {
        var credential = await CredentialAsync(userId, ct);
        if (credential.PendingTotpSecret is null)
            throw ApiException.Conflict("No enrolment is pending: start with POST /backend/auth/otp/enrol.");
        var now = time.GetUtcNow();
        if (Totp.Match(credential.PendingTotpSecret, code.Trim(), now, 0) is not { } step)
            throw ApiException.BadRequest("The code does not match the secret. Check the device's clock and send its current code.");
        credential.TotpSecret = credential.PendingTotpSecret;
        credential.PendingTotpSecret = null;
        credential.TotpEnabledAt = now.UtcDateTime;
        credential.TotpLastStep = step;
        await db.RecoveryCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ => NewRecoveryCode()).ToList();
        db.RecoveryCodes.AddRange(codes.Select(c => new RecoveryCode { UserId = userId, CodeHash = HashRecoveryCode(c), CreatedAt = now.UtcDateTime }));
        await db.SaveChangesAsync(ct);
        return new RecoveryCodes(codes);
    }

    public async Task RemoveAsync(int userId, CancellationToken ct)
    {
        await db.Credentials.Where(c => c.UserId == userId).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.TotpSecret, (byte[]?)null).SetProperty(c => c.PendingTotpSecret, (byte[]?)null)
            .SetProperty(c => c.TotpEnabledAt, (DateTime?)null), ct);
        await db.RecoveryCodes.Where(c => c.UserId == userId).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// True when <paramref name="otp"/> is a current TOTP code not used before, or an unused recovery code (then spent).
    /// Both are marked used in one conditional UPDATE, so two instances cannot accept the same code.
    /// </summary>
    public async Task<bool> VerifyAsync(UserCredential credential, string otp, CancellationToken ct)
    {
        var code = otp.Trim();
        var now = time.GetUtcNow();
        if (Totp.Match(credential.TotpSecret!, code, now, credential.TotpLastStep) is { } step)
            return await db.Credentials.Where(c => c.UserId == credential.UserId && c.TotpLastStep < step)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.TotpLastStep, step), ct) == 1;
        var hash = HashRecoveryCode(code);
        var nowUtc = now.UtcDateTime;
        return await db.RecoveryCodes.Where(c => c.UserId == credential.UserId && c.CodeHash == hash && c.UsedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedAt, nowUtc), ct) == 1;
    }

    private async Task<UserCredential> CredentialAsync(int userId, CancellationToken ct) =>
        await db.Credentials.FirstOrDefaultAsync(c => c.UserId == userId, ct)
        ?? db.Credentials.Add(new UserCredential { UserId = userId }).Entity;

    /// <summary>16 base32 characters (80 random bits) in groups of four: easy to copy, impossible to guess.</summary>
    private static string NewRecoveryCode()
    {
        var text = Base32.Encode(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant();
        return string.Join('-', text.Chunk(4).Select(c => new string(c)));
    }

    // Case, dashes and spaces do not matter when a code is typed back.
    public static string HashRecoveryCode(string code)
    {
        var normalized = new string(code.Where(char.IsAsciiLetterOrDigit).ToArray()).ToLowerInvariant();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }
}
