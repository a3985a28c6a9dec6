using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveDesk.Server.Notifications;

/// <summary>One email that carries one or more of a user's notifications; the outbox message's source row. A user gets
/// at most one per <c>Email:DigestWindow</c>: what becomes due meanwhile waits for the next.</summary>
public sealed class NotificationDigest
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public int Count { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class NotificationDigestConfiguration : IEntityTypeConfiguration<NotificationDigest>
{
    public void Configure(EntityTypeBuilder<NotificationDigest> digest) => digest.HasIndex(d => new { d.UserId, d.CreatedAt });
}
