using LiveDesk.Contracts.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveDesk.Server.Notifications;

/// <summary>A message from an admin to an audience. Its notifications are written by <see cref="AnnouncementFanOut"/>
/// in chunks, each its own short write, so 10,000 recipients never hold the write lock for long; <see cref="Cursor"/>
/// (the last user id done) commits with each chunk, so a restart goes on where it stopped.</summary>
public sealed class Announcement
{
    public long Id { get; set; }
    public required string Title { get; set; }
    public string Body { get; set; } = "";
    public NotificationPriority Priority { get; set; }
    public required string Audience { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public long CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The seq of its <c>announcement.created</c>: the source of every notification it causes.</summary>
    public long SourceSeq { get; set; }
    public long Cursor { get; set; }
    public int Delivered { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    public AnnouncementDto ToDto() => new(Id, Title, Body, Priority, Audience, ExpiresAt, CreatedById, CreatedAt, Delivered, DeliveredAt);
}

public sealed class AnnouncementConfiguration : IEntityTypeConfiguration<Announcement>
{
    public void Configure(EntityTypeBuilder<Announcement> announcement)
    {
        announcement.HasIndex(a => a.DeliveredAt);
        announcement.Property(a => a.Title).HasMaxLength(AnnouncementRules.MaxTitleLength);
        announcement.Property(a => a.Body).HasMaxLength(AnnouncementRules.MaxBodyLength);
        announcement.Property(a => a.Priority).HasConversion<string>().HasMaxLength(16);
        announcement.Property(a => a.Audience).HasMaxLength(64);
    }
}
