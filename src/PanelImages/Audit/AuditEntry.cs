using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PanelImages.Audit;

/// <summary>One mutating action: who, on what, from where, and how it ended.</summary>
public sealed class AuditEntry
{
    public const int MaxImageIdLength = 64;
    public long Id { get; set; }
    public DateTime At { get; set; }
    public int UserId { get; set; }
    public required string Username { get; set; }
    public required string Audience { get; set; }
    public int? ClientId { get; set; }
    public string? ImageId { get; set; }
    public string? Region { get; set; }
    /// <summary>create, update, destroy, upload, import, deactivate, reactivate, add_member, remove_member, member_status, snapshot, backup, assign_flavors, map_project, unmap_project; sign-in: sign_in, lockout, sign_out, password_change, password_set, unlock, otp_enrolled, otp_removed, session_ended.</summary>
    public required string Action { get; set; }
    /// <summary>success or failure.</summary>
    public required string Outcome { get; set; }
    public int StatusCode { get; set; }
    public string? ClientIp { get; set; }
    public string? Detail { get; set; }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_log");
        b.Property(e => e.Username).HasMaxLength(150);
        b.Property(e => e.Audience).HasMaxLength(16);
        b.Property(e => e.Action).HasMaxLength(32);
        b.Property(e => e.Outcome).HasMaxLength(16);
        b.Property(e => e.ImageId).HasMaxLength(AuditEntry.MaxImageIdLength);
        b.Property(e => e.Region).HasMaxLength(64);
        b.Property(e => e.ClientIp).HasMaxLength(64);
        b.HasIndex(e => new { e.At, e.Id });
        b.HasIndex(e => e.ImageId);
        b.HasIndex(e => e.UserId);
    }
}
