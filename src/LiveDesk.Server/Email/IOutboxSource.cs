using LiveDesk.Server.Data;
using LiveDesk.Server.Realtime.EventLog;

namespace LiveDesk.Server.Email;

/// <summary>What asked for outbox mail (campaigns now; notifications next): whether a message may go now, and what
/// its outcome means, written in the same transaction as the outbox row's new status.</summary>
public interface IOutboxSource
{
    string Name { get; }

    /// <summary>False holds the message for now (a paused campaign); it is asked again later.</summary>
    Task<bool> MaySendAsync(LiveDeskDb db, OutboxMessage message, CancellationToken ct);

    /// <summary>The message reached a final status (sent, failed or bounced); update the source inside the write.</summary>
    Task OnOutcomeAsync(LiveDeskDb db, EventBatch batch, OutboxMessage message, CancellationToken ct);
}
