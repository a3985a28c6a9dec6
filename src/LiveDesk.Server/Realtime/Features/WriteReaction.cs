using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Realtime.EventLog;

namespace LiveDesk.Server.Realtime.Features;

/// <summary>What a feature's reaction to a write sees: the write's database context and transaction, the events it
/// appended (with their seqs), and where to add the events of what it does in turn, which are appended in the same
/// transaction (reactions do not run again on those).</summary>
public sealed class WriteReaction(LiveDeskDb db, IReadOnlyList<EventEnvelope> appended, EventBatch followUps, IServiceProvider services,
    CancellationToken ct)
{
    public LiveDeskDb Db { get; } = db;
    public IReadOnlyList<EventEnvelope> Appended { get; } = appended;
    public EventBatch FollowUps { get; } = followUps;
    public IServiceProvider Services { get; } = services;
    public CancellationToken Ct { get; } = ct;
    public DateTimeOffset At => FollowUps.At;
}
