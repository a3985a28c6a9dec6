using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveDesk.Server.Realtime.EventLog;

/// <summary>What a reader gets for a cursor: the missed events for its rooms, or the verdict that it must reset.</summary>
public sealed record ReplayResult(bool Recovered, IReadOnlyList<EventEnvelope> Events, long Head, string Epoch, bool HasMore);

/// <summary>Reads the log for replay. The hub's Resume, <c>GET /api/events</c> and the SSE stream all come here,
/// so they filter exactly alike.</summary>
public sealed class EventLogReader(LiveDeskDb db, IOptions<LiveDeskOptions> options, Flags.FeatureFlagState flags)
{
    public Task<LogState> ReadStateAsync(CancellationToken ct) =>
        db.LogState.AsNoTracking().SingleAsync(s => s.Id == LogState.SingletonId, ct);

    /// <param name="cursor">Null means "nothing to catch up, start from the head now".</param>
    /// <param name="limit">Most events to return; when more are missed <see cref="ReplayResult.HasMore"/> is set.
    /// Null applies <see cref="EventLogOptions.MaxReplayEvents"/> and answers reset beyond it.</param>
    /// <param name="state">The log's state read before the reader's access was decided, so nothing committed after
    /// that decision (an event after the reader left a team, say) is read with it; null reads it now.</param>
    public async Task<ReplayResult> ReadAsync(Cursor? cursor, IReadOnlyCollection<string> rooms, int? limit, CancellationToken ct,
        LogState? state = null)
    {
        state ??= await ReadStateAsync(ct);
        var reset = new ReplayResult(false, [], state.Head, state.Epoch, false);
        if (cursor is null)
        {
            return new ReplayResult(true, [], state.Head, state.Epoch, false);
        }
        // A cursor without an epoch (an EventSource reconnecting with only Last-Event-ID) is taken at its word; the
        // head and retention checks below still catch most stale ones.
        var epochMatches = cursor.Epoch is null || cursor.Epoch == state.Epoch;
        if (!epochMatches || cursor.Seq < state.PrunedThrough || cursor.Seq > state.Head || cursor.Seq < 0)
        {
            return reset;
        }
        var take = limit ?? options.Value.EventLog.MaxReplayEvents;
        var roomList = rooms.ToList();
        var records = await db.Events.AsNoTracking()
            .Where(e => e.Seq > cursor.Seq && e.Seq <= state.Head && e.Rooms.Any(r => roomList.Contains(r.Room)))
            .OrderBy(e => e.Seq)
            .Take(take + 1)
            .ToListAsync(ct);
        var hasMore = records.Count > take;
        if (hasMore && limit is null)
        {
            return reset;
        }
        // Replay is shaped as the flags say now, exactly as the live path is.
        var events = records.Take(take).Select(r => flags.Shape(r.ToEnvelope(state.Epoch))).ToList();
        // A page that stops early reports its last seq as the head, so the next page continues from there.
        var head = hasMore ? events[^1].Seq : state.Head;
        return new ReplayResult(true, events, head, state.Epoch, hasMore);
    }

    /// <summary>Committed events after <paramref name="afterSeq"/>, with their rooms, for the relay.</summary>
    public async Task<List<CommittedEvent>> ReadCommittedAsync(long afterSeq, int limit, CancellationToken ct)
    {
        var state = await ReadStateAsync(ct);
        var records = await db.Events.AsNoTracking().Include(e => e.Rooms)
            .Where(e => e.Seq > afterSeq && e.Seq <= state.Head)
            .OrderBy(e => e.Seq)
            .Take(limit)
            .ToListAsync(ct);
        return records.Select(r => new CommittedEvent(r.ToEnvelope(state.Epoch), r.Rooms.Select(x => x.Room).ToArray())).ToList();
    }
}
