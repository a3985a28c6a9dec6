using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Client;

/// <summary>How events get from the wire to the app: buffered during a resume, applied by the sequencer, raised in
/// apply order.</summary>
public sealed partial class LiveConnection
{
    // Longest wait for the transport to hand over events that were read before the Resume answer (SignalR dispatches
    // them on a loop of its own). Only a blocked EventReceived handler makes this slow; past it the resume fails and
    // the connection starts over.
    private static readonly TimeSpan DispatchDrainTimeout = TimeSpan.FromSeconds(30);

    // Held while applying and raising, so a resume flush and a live batch racing each other still reach handlers in
    // apply order. Everything under it is synchronous.
    private readonly Lock _deliveryLock = new();

    // Reused under _deliveryLock: no allocation per live batch.
    private readonly List<EventEnvelope> _applied = [];
    private long _eventMessagesDispatched;
    private PendingFlush? _pendingFlush;

    /// <summary>A resume that has its answer but still waits for events read before that answer to be dispatched.</summary>
    private sealed record PendingFlush(ResumeResult Result, long Barrier, TaskCompletionSource<ResumeResult> Completion);

    /// <summary>Sends Resume(cursor) and applies everything it replayed. The caller holds the session lock.</summary>
    private async Task<ResumeResult> ResumeCoreAsync(CancellationToken stop)
    {
        // Buffer first, then read the cursor: anything applied before this point is in the cursor, anything after is
        // held until the replay is in and can be sorted together with it.
        _sequencer.BeginBuffering();
        var cursor = _sequencer.Cursor;
        var result = await _transport.ResumeAsync(cursor, stop).ConfigureAwait(false);
        return await FlushWhenDrainedAsync(result, stop).ConfigureAwait(false);
    }

    private async Task<ResumeResult> FlushWhenDrainedAsync(ResumeResult result, CancellationToken stop)
    {
        // Every events message the server sent before its Resume answer has been parsed by now (the answer is parsed
        // after them); once that many have been dispatched, the replay is complete in the buffer.
        var barrier = _transport.EventMessagesRead;
        TaskCompletionSource<ResumeResult> flushed;
        lock (_deliveryLock)
        {
            if (_eventMessagesDispatched >= barrier)
            {
                return FlushLocked(result);
            }
            flushed = new TaskCompletionSource<ResumeResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pendingFlush = new PendingFlush(result, barrier, flushed);
        }

        try
        {
            return await flushed.Task.WaitAsync(DispatchDrainTimeout, stop).ConfigureAwait(false);
        }
        catch
        {
            lock (_deliveryLock)
            {
                if (ReferenceEquals(_pendingFlush?.Completion, flushed))
                {
                    // Keep buffering: the next resume replays from the unchanged cursor and flushes it all.
                    _pendingFlush = null;
                }
            }
            // The flush may have won the race against the timeout; then the resume did succeed.
            if (flushed.Task.IsCompletedSuccessfully)
            {
                return flushed.Task.Result;
            }
            throw;
        }
    }

    private void OnEvents(EventEnvelope[]? batch)
    {
        bool foreignEpoch;
        lock (_deliveryLock)
        {
            // Counted even for an empty batch: the protocol counted the message, and the barrier compares the two.
            _eventMessagesDispatched++;
            foreignEpoch = batch is { Length: > 0 } && _sequencer.Receive(batch, _applied);
            RaiseAppliedLocked();

            if (_pendingFlush is { } pending && _eventMessagesDispatched >= pending.Barrier)
            {
                _pendingFlush = null;
                try
                {
                    pending.Completion.TrySetResult(FlushLocked(pending.Result));
                }
                catch (Exception ex)
                {
                    pending.Completion.TrySetException(ex);
                }
            }
        }
        if (foreignEpoch)
        {
            Log.ForeignEpochEvent(_logger);
            RequestResume();
        }
    }

    private ResumeResult FlushLocked(ResumeResult result)
    {
        var effective = _sequencer.CompleteResume(result, _applied);
        if (!effective.Recovered)
        {
            if (result.Recovered)
            {
                Log.ResumeBufferOverflowed(_logger, _options.MaxResumeBufferEvents);
            }
            Log.ResetRequired(_logger, effective.Head, effective.Epoch);
            // Reset before the events newer than the head, so the app starts its refetch before applying them.
            Invoke(Reset, effective, nameof(Reset));
        }
        RaiseAppliedLocked();
        Invoke(Resumed, effective, nameof(Resumed));
        return effective;
    }

    private void RaiseAppliedLocked()
    {
        if (_applied.Count == 0)
        {
            return;
        }
        try
        {
            foreach (var envelope in _applied)
            {
                Invoke(EventReceived, envelope, nameof(EventReceived));
                _waiters.Notify(envelope);
            }
        }
        finally
        {
            _applied.Clear();
        }
    }

    /// <summary>A throwing handler must not break delivery: on the resume path it would fail the resume after the
    /// cursor already moved, and the rest of the batch would never be raised.</summary>
    private void Invoke<T>(Action<T>? handler, T argument, string name)
    {
        try
        {
            handler?.Invoke(argument);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_logger, ex, name);
        }
    }
}
