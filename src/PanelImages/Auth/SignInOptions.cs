using System.ComponentModel.DataAnnotations;

namespace PanelImages.Auth;

/// <summary>Sign-in settings (section <c>Auth</c>); README "Sign in" gives the reasons for each default.</summary>
public sealed class SignInOptions
{
    public const string Section = "Auth";

    [Range(8, 128)] public int MinPasswordLength { get; set; } = 12;
    /// <summary>Longer input is refused before hashing: PBKDF2 over megabytes would be a cheap denial of service.</summary>
    [Range(16, 1024)] public int MaxPasswordLength { get; set; } = 128;

    /// <summary>Idle lifetime: a session unused this long ends (renewed once half of it has passed).</summary>
    [Range(1, 1440)] public int SessionIdleMinutes { get; set; } = 30;
    /// <summary>Absolute lifetime: a session ends this long after sign-in, however busy.</summary>
    [Range(1, 720)] public int SessionAbsoluteHours { get; set; } = 12;

    [Range(1, 100)] public int LockoutAttempts { get; set; } = 5;
    [Range(1, 1440)] public int LockoutMinutes { get; set; } = 15;
    [Range(1, 10000)] public int SignInPermitsPerAddress { get; set; } = 20;
    [Range(1, 3600)] public int SignInWindowSeconds { get; set; } = 60;

    public bool SecondFactorRequiredForStaff { get; set; } = true;
    [Required, MaxLength(64)] public string TotpIssuer { get; set; } = "PanelImages";

    /// <summary>Keep data-protection keys in this directory instead of the catalogue.</summary>
    public string? KeysDirectory { get; set; }
    /// <summary>A PKCS#12 file whose certificate encrypts the data-protection keys at rest.</summary>
    public string? KeysCertificate { get; set; }
    public string? KeysCertificatePassword { get; set; }

    public TimeSpan SessionIdle => TimeSpan.FromMinutes(SessionIdleMinutes);
    public TimeSpan SessionAbsolute => TimeSpan.FromHours(SessionAbsoluteHours);
    public TimeSpan Lockout => TimeSpan.FromMinutes(LockoutMinutes);
}
