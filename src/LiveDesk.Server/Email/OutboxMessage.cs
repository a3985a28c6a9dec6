using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveDesk.Server.Email;

/// <summary>One email to send. It is written in the same transaction as whatever asked for it (a campaign's
/// recipients), and marked sent in the same transaction as what that means for its source (the recipient's status).
/// Its Message-ID is stable, so a crash between the SMTP send and that mark can at most repeat the same message, which
/// mail clients show once.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    /// <summary>Without angle brackets, e.g. <c>campaign-12-recipient-345@livedesk</c>.</summary>
    public required string MessageId { get; set; }
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }

    /// <summary>Which <see cref="IOutboxSource"/> it belongs to (<c>campaign</c>), and that source's row id.</summary>
    public required string Source { get; set; }
    public long SourceId { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
    Bounced,
    Cancelled,

    /// <summary>Waiting for its source to allow it again (a paused campaign): not even looked at by the sender, so held
    /// mail never stands in front of mail that may go.</summary>
    Held,
}

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.HasIndex(m => new { m.Status, m.NextAttemptAt, m.Id });
        message.HasIndex(m => new { m.Source, m.SourceId }).IsUnique();
        message.HasIndex(m => m.MessageId).IsUnique();
        message.Property(m => m.MessageId).HasMaxLength(200);
        message.Property(m => m.To).HasMaxLength(254);
        message.Property(m => m.Subject).HasMaxLength(300);
        message.Property(m => m.Source).HasMaxLength(32);
        message.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        message.Property(m => m.LastError).HasMaxLength(1000);
    }
}
