using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace PanelImages.Notifications;

/// <summary>
/// One processed notification. Inserted in the same transaction as the catalogue change it made, so its key is the
/// proof the message was applied (a redelivery or a copy finds it; a second instance racing on it hits the key).
/// The image/member id and event time also tell a late message from a newer one already applied.
/// </summary>
public sealed class NotificationInboxEntry
{
    public required string Region { get; set; }
    public required string MessageId { get; set; }
    public required string EventType { get; set; }
    public string? ImageId { get; set; }
    /// <summary>Member project of image.member.* events; null for image events.</summary>
    public string? MemberId { get; set; }
    /// <summary>The member's status in Glance after this event ("deleted" when removed), replayed onto an image row created later.</summary>
    public string? MemberStatus { get; set; }
    /// <summary>oslo's timestamp of the event (Glance's clock).</summary>
    public DateTime EventAt { get; set; }
    public DateTime ProcessedAt { get; set; }
    /// <summary>applied, older (changed nothing) or other (an event type the catalogue does not follow).</summary>
    public required string Outcome { get; set; }
}

internal sealed class NotificationInboxConfiguration : IEntityTypeConfiguration<NotificationInboxEntry>
{
    public void Configure(EntityTypeBuilder<NotificationInboxEntry> b)
    {
        b.ToTable("notification_inbox");
        b.HasKey(e => new { e.Region, e.MessageId });
        b.Property(e => e.Region).HasMaxLength(64);
        b.Property(e => e.MessageId).HasMaxLength(64);
        b.Property(e => e.EventType).HasMaxLength(64);
        b.Property(e => e.ImageId).HasMaxLength(64);
        b.Property(e => e.MemberId).HasMaxLength(64);
        b.Property(e => e.MemberStatus).HasMaxLength(32);
        b.Property(e => e.Outcome).HasMaxLength(16);
        b.HasIndex(e => new { e.Region, e.ImageId, e.MemberId, e.EventAt });
        b.HasIndex(e => e.ProcessedAt);
    }
}
