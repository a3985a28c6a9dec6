using LiveDesk.Server.Data;
using LiveDesk.Server.Realtime.Dispatch;
using LiveDesk.Server.Realtime.Features;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Realtime.EventLog;

/// <summary>The one way to change data: the entity change and its events commit in one transaction, under a lock
/// that makes seq order equal commit order, and then go to the dispatcher.</summary>
public sealed class LiveWriter(LiveDeskDb db, WriteLock writeLock, EventDispatcher dispatcher, LiveFeatures features, TimeProvider time,
    IServiceProvider services)
{
    /// <summary>Runs <paramref name="work"/> inside the write transaction. The work validates first and mutates
    /// tracked entities only once it has decided to succeed; events it adds to the batch are appended.</summary>
    public async Task<T> WriteAsync<T>(Func<EventBatch, Task<T>> work, CancellationToken ct)
    {
        await using var transaction = await writeLock.BeginAsync(db, ct);
        var batch = new EventBatch(EventBatch.Truncate(time.GetUtcNow()));
        var result = await work(batch);
        await db.SaveChangesAsync(ct);
        if (batch.Events.Count == 0)
        {
            await transaction.CommitAsync(ct);
            return result;
        }
        var committed = await AppendAsync(batch, ct);
        if (features.Reactions.Count > 0)
        {
            // What the events cause (notifications) commits with them, appended right after them.
            var followUps = new EventBatch(batch.At);
            var reaction = new WriteReaction(db, committed.Select(c => c.Envelope).ToList(), followUps, services, ct);
            foreach (var react in features.Reactions)
            {
                await react(reaction);
            }
            if (followUps.Events.Count > 0)
            {
                committed.AddRange(await AppendAsync(followUps, ct));
            }
        }
        await transaction.CommitAsync(ct);
        dispatcher.Post(committed);
        return result;
    }

    private async Task<List<CommittedEvent>> AppendAsync(EventBatch batch, CancellationToken ct)
    {
        var state = await db.LogState.SingleAsync(s => s.Id == LogState.SingletonId, ct);
        var committed = new List<CommittedEvent>(batch.Events.Count);
        foreach (var pending in batch.Events)
        {
            // A type no feature declared is a programming error: fail the write rather than log what no client knows.
            if (!features.IsDeclared(pending.Type))
            {
                throw new InvalidOperationException($"The event type '{pending.Type}' is not declared by any live feature.");
            }
            var seq = ++state.Head;
            var rooms = pending.Rooms.Select(r => r.Name).Distinct().ToArray();
            var record = new EventRecord
            {
                Seq = seq,
                Type = pending.Type,
                Entity = pending.Entity,
                EntityId = pending.EntityId,
                Version = pending.Version,
                ActorId = pending.ActorId,
                At = batch.At,
                Changes = EventJson.SerializeChanges(pending.Changes),
                Rooms = rooms.Select(room => new EventRoom { Room = room, Seq = seq }).ToList(),
            };
            db.Events.Add(record);
            committed.Add(new CommittedEvent(record.ToEnvelope(state.Epoch), rooms));
        }
        await db.SaveChangesAsync(ct);
        return committed;
    }
}

/// <summary>The events one write produces, all stamped with the write's time.</summary>
public sealed class EventBatch(DateTimeOffset at)
{
    public DateTimeOffset At { get; } = at;

    /// <summary>Milliseconds are what every store keeps, so live envelopes, replayed ones and REST all agree.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset at) =>
        new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
    public List<PendingEvent> Events { get; } = [];

    public void Add(PendingEvent pending) => Events.Add(pending);
}
