using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PanelImages.Catalog;

namespace PanelImages.Auth;

/// <summary>What a person signs in with: a password hash and, once confirmed, a TOTP secret.</summary>
public sealed class UserCredential
{
    public int UserId { get; set; }
    public User? User { get; set; }
    /// <summary>ASP.NET Core Identity's PasswordHasher format (PBKDF2, salted); null until staff set one.</summary>
    public string? PasswordHash { get; set; }
    public DateTime? PasswordChangedAt { get; set; }
    /// <summary>The confirmed TOTP secret; a second factor is enabled exactly when this is set.</summary>
    public byte[]? TotpSecret { get; set; }
    /// <summary>A secret handed out by enrolment and not yet confirmed with a first code.</summary>
    public byte[]? PendingTotpSecret { get; set; }
    public DateTime? TotpEnabledAt { get; set; }
    /// <summary>The last TOTP time step accepted: a code is good once (RFC 6238 §5.2).</summary>
    public long TotpLastStep { get; set; }
}

/// <summary>A one-time recovery code, stored as its SHA-256 (80 random bits need no slow hash).</summary>
public sealed class RecoveryCode
{
    public long Id { get; set; }
    public int UserId { get; set; }
    public required string CodeHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? UsedAt { get; set; }
}

/// <summary>
/// A signed-in browser session (the cookie holds only its key, protected by data protection). Kept in the catalogue
/// so that every instance accepts it and staff can list and end it.
/// </summary>
public sealed class SignInSession
{
    public long Id { get; set; }
    /// <summary>SHA-256 of the session key the cookie carries.</summary>
    public required string KeyHash { get; set; }
    public int UserId { get; set; }
    public User? User { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    /// <summary>Idle expiry, moved forward as the session is used (sliding).</summary>
    public DateTime ExpiresAt { get; set; }
    /// <summary>The end of the session whatever its use.</summary>
    public DateTime AbsoluteExpiresAt { get; set; }
    public DateTime? EndedAt { get; set; }
    /// <summary>signed_out, expired, password_changed, ended_by_staff.</summary>
    public string? EndReason { get; set; }
    public string? ClientIp { get; set; }
    public string? UserAgent { get; set; }
    /// <summary>The serialized authentication ticket (ASP.NET Core's TicketSerializer).</summary>
    public required byte[] Ticket { get; set; }
}

/// <summary>
/// Failed sign-ins per name, known or not: an unknown name locks out exactly like a real one, so the answer never
/// tells whether an account exists.
/// </summary>
public sealed class SignInThrottle
{
    /// <summary>The name as typed, trimmed and lower-cased.</summary>
    public required string Username { get; set; }
    public int Failures { get; set; }
    public DateTime LastFailureAt { get; set; }
    public DateTime? LockedUntil { get; set; }
}

internal sealed class UserCredentialConfiguration : IEntityTypeConfiguration<UserCredential>
{
    public void Configure(EntityTypeBuilder<UserCredential> b)
    {
        b.ToTable("user_credentials");
        b.HasKey(c => c.UserId);
        b.HasOne(c => c.User).WithOne().HasForeignKey<UserCredential>(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.PasswordHash).HasMaxLength(512);
    }
}

internal sealed class RecoveryCodeConfiguration : IEntityTypeConfiguration<RecoveryCode>
{
    public void Configure(EntityTypeBuilder<RecoveryCode> b)
    {
        b.ToTable("recovery_codes");
        b.HasOne<User>().WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(c => c.CodeHash).HasMaxLength(64);
        b.HasIndex(c => new { c.UserId, c.CodeHash });
    }
}

internal sealed class SignInSessionConfiguration : IEntityTypeConfiguration<SignInSession>
{
    public void Configure(EntityTypeBuilder<SignInSession> b)
    {
        b.ToTable("sessions");
        b.HasOne(s => s.User).WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(s => s.KeyHash).HasMaxLength(64);
        b.HasIndex(s => s.KeyHash).IsUnique();
        b.HasIndex(s => new { s.UserId, s.EndedAt });
        b.HasIndex(s => s.AbsoluteExpiresAt);
        b.Property(s => s.EndReason).HasMaxLength(32);
        b.Property(s => s.ClientIp).HasMaxLength(64);
        b.Property(s => s.UserAgent).HasMaxLength(256);
    }
}

internal sealed class SignInThrottleConfiguration : IEntityTypeConfiguration<SignInThrottle>
{
    public void Configure(EntityTypeBuilder<SignInThrottle> b)
    {
        b.ToTable("sign_in_throttle");
        b.HasKey(t => t.Username);
        b.Property(t => t.Username).HasMaxLength(150);
        b.HasIndex(t => t.LastFailureAt);
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> b) => b.ToTable("data_protection_keys");
}
