using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Client;

/// <summary>The cursor, the resume buffer and the per-entity versions: everything that decides whether an event is
/// applied. Pure state, no I/O, so the ordering rules live in one place. Callers that need events raised in apply
/// order serialize Receive/CompleteResume themselves; this lock only keeps the state consistent.</summary>
internal sealed class EventSequencer(Cursor? initialCursor, int maxBufferedEvents, int maxTrackedVersions)
{
    private static readonly Comparison<EventEnvelope> BySeq = (a, b) => a.Seq.CompareTo(b.Seq);

    private readonly Lock _gate = new();
    private readonly EntityVersionMap _versions = new(maxTrackedVersions);
    private List<EventEnvelope> _buffer = [];
    private bool _buffering;
    private bool _overflowed;
    private bool _hasCursor = initialCursor is not null;
    private long _seq = initialCursor?.Seq ?? 0;
    private string? _epoch = initialCursor?.Epoch;

    public Cursor? Cursor
    {
        get
        {
            lock (_gate)
            {
                return _hasCursor ? new Cursor(_seq, _epoch) : null;
            }
        }
    }

    /// <summary>From now until <see cref="CompleteResume"/>, events are held instead of applied. A buffer left over
    /// from a failed resume is kept: its events were committed before the next resume starts, so they are either
    /// replayed again (and dropped as duplicates) or newer, and the sorted union is still in order.</summary>
    public void BeginBuffering()
    {
        lock (_gate)
        {
            _buffering = true;
        }
    }

    /// <summary>Applies or buffers a batch; applied events are appended to <paramref name="applied"/>.</summary>
    /// <returns>True when an event from another epoch was seen: the log was reset under us and only a resume can
    /// say what to do.</returns>
    public bool Receive(IReadOnlyList<EventEnvelope> batch, List<EventEnvelope> applied)
    {
        lock (_gate)
        {
            if (_buffering)
            {
                Buffer(batch);
                return false;
            }
            var foreignEpoch = false;
            foreach (var envelope in batch)
            {
                if (_hasCursor && _epoch is not null && envelope.Epoch != _epoch)
                {
                    foreignEpoch = true;
                }
                else if (TryApply(envelope))
                {
                    applied.Add(envelope);
                }
            }
            return foreignEpoch;
        }
    }

    /// <summary>Ends buffering: adopts the resume's outcome, then applies what was buffered in seq order.</summary>
    /// <returns>The effective result: <c>Recovered = false</c> also when the buffer overflowed.</returns>
    public ResumeResult CompleteResume(ResumeResult result, List<EventEnvelope> applied)
    {
        lock (_gate)
        {
            var buffered = _buffer;
            var overflowed = _overflowed;
            if (buffered.Count > 0)
            {
                _buffer = [];
            }
            _buffering = false;
            _overflowed = false;

            var effective = overflowed ? result with { Recovered = false } : result;
            if (!effective.Recovered)
            {
                _versions.Clear();
                SetCursor(result.Head, result.Epoch);
            }
            else if (!_hasCursor)
            {
                // Resume(null): "live from now". Nothing was replayed, the head is where we start.
                SetCursor(result.Head, result.Epoch);
            }
            else
            {
                _epoch = result.Epoch;
            }

            buffered.Sort(BySeq);
            foreach (var envelope in buffered)
            {
                // After a reset this keeps only what is newer than the head the app is about to refetch from.
                if (envelope.Epoch == result.Epoch && TryApply(envelope))
                {
                    applied.Add(envelope);
                }
            }
            if (effective.Recovered && result.Head > _seq)
            {
                // The replay covered every event up to Head for this connection's rooms, so anything at or below
                // Head still arriving live is a duplicate. Moving to Head keeps a quiet client's cursor fresh, so
                // retention of other rooms' events never forces it into a needless reset.
                _seq = result.Head;
            }
            return effective;
        }
    }

    public bool TryGetKnownVersion(string entity, long id, out long version)
    {
        lock (_gate)
        {
            return _versions.TryGet(new EntityKey(entity, id), out version);
        }
    }

    public void ObserveVersion(string entity, long id, long version)
    {
        lock (_gate)
        {
            _versions.TryAdvance(new EntityKey(entity, id), version);
        }
    }

    private void Buffer(IReadOnlyList<EventEnvelope> batch)
    {
        if (_overflowed)
        {
            return;
        }
        if (_buffer.Count + batch.Count > maxBufferedEvents)
        {
            _overflowed = true;
            _buffer = [];
            return;
        }
        _buffer.AddRange(batch);
    }

    /// <summary>Duplicates (seq at or below the cursor) are dropped. A stale version still advances the cursor: the
    /// event was delivered, it just carries nothing newer than what the app already has.</summary>
    private bool TryApply(EventEnvelope envelope)
    {
        if (_hasCursor && envelope.Seq <= _seq)
        {
            return false;
        }
        SetCursor(envelope.Seq, envelope.Epoch);
        return _versions.TryAdvance(new EntityKey(envelope.Entity, envelope.EntityId), envelope.Version);
    }

    private void SetCursor(long seq, string? epoch)
    {
        _hasCursor = true;
        _seq = seq;
        _epoch = epoch;
    }
}
