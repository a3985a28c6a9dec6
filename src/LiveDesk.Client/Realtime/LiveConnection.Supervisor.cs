using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Client;

/// <summary>The loop that keeps the connection up: connect, re-join, resume, stay live, and start over with backoff.
/// Only this loop changes <see cref="State"/>, so state changes are raised in order.</summary>
public sealed partial class LiveConnection
{
    // Completed when the current session's connection closes (or must be dropped); replaced on every connect.
    private TaskCompletionSource? _sessionClosed;

    // Completed to ask for a resume soon (an event from another epoch arrived); replaced when consumed.
    private TaskCompletionSource _resumeRequested = NewSignal();

    private static readonly TimeSpan CloseReportWait = TimeSpan.FromSeconds(1);

    // The server's reason when it last refused or cut off the connection for its abuse limits; null otherwise.
    private volatile string? _refusal;

    private sealed record ConnectOutcome(Task Closed, IReadOnlyList<(string Room, SubscribeResult Result)> Rejected);

    private async Task SuperviseAsync(TaskCompletionSource firstLive, CancellationToken stop)
    {
        var attempt = 0;
        var everLive = false;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                SetState(everLive ? LiveConnectionState.Reconnecting : LiveConnectionState.Connecting);
                try
                {
                    var outcome = await ConnectAsync(stop).ConfigureAwait(false);
                    everLive = true;
                    attempt = 0;
                    _refusal = null;
                    RaiseStateChanged(LiveConnectionState.Live);
                    foreach (var (room, result) in outcome.Rejected)
                    {
                        Invoke(SubscriptionRejected, room, result);
                    }
                    firstLive.TrySetResult();
                    CatchUpWithLatestToken();
                    await StayLiveAsync(outcome.Closed, stop).ConfigureAwait(false);
                    Log.ConnectionLost(_logger);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    Log.SessionFailed(_logger, ex, attempt);
                    NoteRefusal(ex);
                    if (_refusal is null && Volatile.Read(ref _sessionClosed) is { } closing)
                    {
                        // SignalR fails the pending call before it reports the close that says why; wait briefly for it.
                        await closing.Task.WaitAsync(CloseReportWait, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    }
                    if (_keeper is not null && IsUnauthorized(ex))
                    {
                        // The token was refused (expired while the machine slept, say): refresh before trying again.
                        await ((Task)_keeper.RefreshAfterRefusalAsync(Volatile.Read(ref _tokenInUse), stop))
                            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    }
                }

                SetState(everLive ? LiveConnectionState.Reconnecting : LiveConnectionState.Connecting);
                await StopHubQuietlyAsync().ConfigureAwait(false);
                var delay = LiveRefusal.NextDelay(_refusal, attempt++, _options);
                Log.WaitingToReconnect(_logger, delay);
                await Task.Delay(delay, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (Exception ex)
        {
            // Nothing above should throw; if it does, stop cleanly rather than leave a faulted loop nobody observes.
            Log.SupervisorFailed(_logger, ex);
        }
        finally
        {
            await StopHubQuietlyAsync().ConfigureAwait(false);
            SetState(LiveConnectionState.Disconnected);
            firstLive.TrySetCanceled(stop);
        }
    }

    /// <summary>Start, re-join, resume, all under the session lock so no other resume or subscribe slips in between.
    /// Events received from the start on are buffered, because the server may push live events (to the rooms it joins
    /// automatically) before the replay has been applied.</summary>
    private async Task<ConnectOutcome> ConnectAsync(CancellationToken stop)
    {
        await _sessionLock.WaitAsync(stop).ConfigureAwait(false);
        try
        {
            _sequencer.BeginBuffering();
            await _transport.StartAsync(stop).ConfigureAwait(false);
            var closed = WatchForClose();
            var rejected = await RejoinRoomsAsync(stop).ConfigureAwait(false);
            var result = await ResumeCoreAsync(stop).ConfigureAwait(false);
            Log.Live(_logger, result.Recovered, _sequencer.Cursor?.Seq ?? 0, result.Epoch);
            // Set inside the lock so a waiting ResumeNow/Subscribe sees Live; raised by the caller, outside the lock.
            Volatile.Write(ref _state, (int)LiveConnectionState.Live);
            return new ConnectOutcome(closed, rejected);
        }
        finally
        {
            _sessionLock.Release();
        }
    }

    private async Task<IReadOnlyList<(string Room, SubscribeResult Result)>> RejoinRoomsAsync(CancellationToken stop)
    {
        string[] rooms;
        lock (_rooms)
        {
            rooms = [.. _rooms];
        }
        if (rooms.Length == 0)
        {
            return [];
        }
        // Sent together: one round trip of latency instead of one per room.
        var results = await Task.WhenAll(rooms.Select(room => _transport.SubscribeAsync(room, stop)))
            .ConfigureAwait(false);
        var rejected = new List<(string, SubscribeResult)>();
        for (var i = 0; i < rooms.Length; i++)
        {
            if (!results[i].Ok)
            {
                lock (_rooms)
                {
                    _rooms.Remove(rooms[i]);
                }
                Log.RoomRejected(_logger, rooms[i], results[i].Error);
                rejected.Add((rooms[i], results[i]));
            }
        }
        return rejected;
    }

    /// <summary>Waits for the connection to close, resuming on the cursor-sync timer or on request meanwhile.</summary>
    private async Task StayLiveAsync(Task closed, CancellationToken stop)
    {
        while (true)
        {
            var resumeRequested = Volatile.Read(ref _resumeRequested);
            using var tickCts = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var tick = Task.Delay(NextSyncDelay(), tickCts.Token);
            var woke = await Task.WhenAny(closed, resumeRequested.Task, tick).ConfigureAwait(false);
            await tickCts.CancelAsync().ConfigureAwait(false);
            stop.ThrowIfCancellationRequested();
            if (woke == closed)
            {
                return;
            }
            if (woke == resumeRequested.Task)
            {
                Interlocked.CompareExchange(ref _resumeRequested, NewSignal(), resumeRequested);
            }
            // A failure here ends the session; the loop reconnects and resumes from the same cursor.
            await ResumeWhileLiveAsync(stop).ConfigureAwait(false);
        }
    }

    private TimeSpan NextSyncDelay() =>
        _options.CursorSyncInterval is { } interval ? ReconnectBackoff.Jitter(interval) : Timeout.InfiniteTimeSpan;

    private async Task<ResumeResult> ResumeWhileLiveAsync(CancellationToken stop)
    {
        await _sessionLock.WaitAsync(stop).ConfigureAwait(false);
        try
        {
            EnsureLive();
            try
            {
                return await ResumeCoreAsync(stop).ConfigureAwait(false);
            }
            catch (Exception) when (!stop.IsCancellationRequested)
            {
                // Events stay buffered until some resume completes, so a connection whose resume failed must not stay
                // "live": drop it and let the loop start over.
                RequestReconnect();
                throw;
            }
        }
        finally
        {
            _sessionLock.Release();
        }
    }

    private Task WatchForClose()
    {
        var closed = NewSignal();
        Volatile.Write(ref _sessionClosed, closed);
        // A close that happened before the field was set would have completed the previous session's signal.
        if (!_transport.IsConnected)
        {
            closed.TrySetResult();
        }
        return closed.Task;
    }

    private void OnTransportClosed(Exception? error)
    {
        // Read the signal before the state: a close can be reported late (SignalR raises Closed on the thread pool
        // after the fact), once a new session is connected; the state check tells them apart.
        var session = Volatile.Read(ref _sessionClosed);
        if (_transport.IsConnected)
        {
            return;
        }
        if (error is not null)
        {
            Log.ConnectionClosedWithError(_logger, error);
        }
        NoteRefusal(error);
        session?.TrySetResult();
    }

    /// <summary>Remembers a refusal for the reconnect delay; only a successful connect forgets it, so a network error
    /// in between does not bring back the quick retries.</summary>
    private void NoteRefusal(Exception? error)
    {
        var refusal = LiveRefusal.ReasonOf(error);
        if (refusal is not null)
        {
            Log.RefusedByLimits(_logger, refusal, _options.ReconnectMaxDelay);
            _refusal = refusal;
        }
    }

    private void RequestReconnect() => Volatile.Read(ref _sessionClosed)?.TrySetResult();

    private void RequestResume() => Volatile.Read(ref _resumeRequested).TrySetResult();

    private async Task StopHubQuietlyAsync()
    {
        try
        {
            await _transport.StopAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Log.StopFailed(_logger, ex);
        }
    }

    private void SetState(LiveConnectionState state)
    {
        if (Interlocked.Exchange(ref _state, (int)state) != (int)state)
        {
            RaiseStateChanged(state);
        }
    }

    private void RaiseStateChanged(LiveConnectionState state) => Invoke(StateChanged, state, nameof(StateChanged));

    private void Invoke(Action<string, SubscribeResult>? handler, string room, SubscribeResult result)
    {
        try
        {
            handler?.Invoke(room, result);
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_logger, ex, nameof(SubscriptionRejected));
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A 401 at connect: SignalR's negotiate reports it as an HTTP error, the native WebSocket handshake in its
    /// message.</summary>
    private static bool IsUnauthorized(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is HttpRequestException { StatusCode: System.Net.HttpStatusCode.Unauthorized }
                || (ex is System.Net.WebSockets.WebSocketException && ex.Message.Contains("'401'", StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }
}
