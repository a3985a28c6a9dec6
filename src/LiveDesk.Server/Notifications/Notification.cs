using LiveDesk.Contracts.Notifications;
using LiveDesk.Server.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveDesk.Server.Notifications;

/// <summary>One user's notification of one thing that happened. Created in the same transaction as the write that
/// caused it (<see cref="NotificationReaction"/>); (user, source event, type) is unique in the database, so a replay or
/// a retried write can never make a second one.</summary>
public sealed class Notification
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string Type { get; set; }
    public NotificationPriority Priority { get; set; }
    public required string Title { get; set; }
    public string Body { get; set; } = "";

    /// <summary>What it links to, e.g. <c>ticket</c> 12.</summary>
    public string? Entity { get; set; }
    public long? EntityId { get; set; }

    /// <summary>The seq of the event that caused it.</summary>
    public long SourceSeq { get; set; }
    public long? ActorId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public DateTimeOffset? SnoozedUntil { get; set; }

    /// <summary>An announcement's end: after it, the notification leaves every list.</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>When to email it if it is still unread (null: no email wanted, or already handled).</summary>
    public DateTimeOffset? EmailAt { get; set; }
    public long Version { get; set; }

    public NotificationDto ToDto() => new(Id, Type, Priority, Title, Body, Entity, EntityId, SourceSeq, ActorId, CreatedAt, ReadAt,
        SnoozedUntil, Version);

    /// <summary>Shown in the list and counted in the badge now: not snoozed past <paramref name="now"/>, not expired.</summary>
    public static System.Linq.Expressions.Expression<Func<Notification, bool>> Showing(DateTimeOffset now) =>
        n => (n.SnoozedUntil == null || n.SnoozedUntil <= now) && (n.ExpiresAt == null || n.ExpiresAt > now);
}

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        notification.HasIndex(n => new { n.UserId, n.SourceSeq, n.Type }).IsUnique();
        // The badge: a user's unread ones, without reading the rest.
        notification.HasIndex(n => new { n.UserId, n.ReadAt, n.Id });
        notification.HasIndex(n => n.EmailAt);
        notification.Property(n => n.Type).HasMaxLength(64);
        notification.Property(n => n.Priority).HasConversion<string>().HasMaxLength(16);
        notification.Property(n => n.Title).HasMaxLength(300);
        notification.Property(n => n.Body).HasMaxLength(2000);
        notification.Property(n => n.Entity).HasMaxLength(64);
        notification.HasOne<User>().WithMany().HasForeignKey(n => n.UserId);
    }
}
