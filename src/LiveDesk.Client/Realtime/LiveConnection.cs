using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveDesk.Client;

/// <summary>A real-time connection to LiveDesk (the native WebSocket <c>/live/ws</c> by default, or the SignalR hub)
/// that keeps a cursor, resumes after every reconnect, drops duplicates and never lets an entity's version go
/// backwards. Handlers run on the transport's receive thread, one event at a time, in apply order: keep them short and
/// never block them on a call to this connection.</summary>
public sealed partial class LiveConnection : IAsyncDisposable
{
    private readonly ILiveTransport _transport;
    private readonly LiveConnectionOptions _options;
    private readonly ILogger _logger;
    private readonly EventSequencer _sequencer;
    private readonly EventWaiters _waiters = new();
    private readonly HashSet<string> _rooms = new(StringComparer.Ordinal);

    // One session operation at a time: connect + re-join + resume, a later resume, a subscribe. A resume must never
    // run between a reconnect and the re-join of the rooms it is supposed to replay.
    private readonly SemaphoreSlim _sessionLock = new(1, 1);

    // Serializes StartAsync/StopAsync so two supervisor loops never drive the same transport.
    private readonly SemaphoreSlim _lifecycleLock = new(1, 1);
    private CancellationTokenSource? _lifetime;
    private Task? _supervisor;
    private int _state = (int)LiveConnectionState.Disconnected;
    private bool _disposed;

    // The token the open connection was opened with or moved to (the server closes it when that one expires), and the
    // newest one pushed through ReauthenticateAsync, which a connection opened meanwhile still has to move to.
    private string? _tokenInUse;
    private string? _latestToken;
    private readonly SessionKeeper? _keeper;

    /// <param name="baseAddress">The server root, e.g. <c>http://localhost:5080</c>.</param>
    /// <param name="accessTokenProvider">Called on every (re)connect, so it can log in again when the token expired.</param>
    public LiveConnection(Uri baseAddress, Func<Task<string?>> accessTokenProvider, LiveConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(accessTokenProvider);
        var provider = accessTokenProvider;
        accessTokenProvider = async () =>
        {
            var token = await provider().ConfigureAwait(false);
            Volatile.Write(ref _tokenInUse, token);
            return token;
        };
        _options = options ?? new LiveConnectionOptions();
        _options.Validate();
        _logger = (_options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<LiveConnection>();
        _sequencer = new EventSequencer(_options.InitialCursor, _options.MaxResumeBufferEvents, _options.MaxTrackedVersions);
        _transport = _options.Transport == LiveTransport.SignalR
            ? new SignalRLiveTransport(baseAddress, accessTokenProvider, _options)
            : new NativeLiveTransport(baseAddress, accessTokenProvider, _options);
        _transport.EventsReceived = OnEvents;
        _transport.SignalReceived = signal => SignalReceived?.Invoke(signal);
        _transport.Closed = OnTransportClosed;
        _rooms.UnionWith(_options.InitialRooms);
    }

    /// <summary>A connection that stays open across token refreshes: it connects with the keeper's token (refreshed
    /// first when due), moves the open connection to every new token (<see cref="ReauthenticateAsync"/>), and when the
    /// server refuses a token at connect, has the keeper refresh before trying again.</summary>
    public LiveConnection(Uri baseAddress, SessionKeeper session, LiveConnectionOptions? options = null)
        : this(baseAddress, () => (session ?? throw new ArgumentNullException(nameof(session))).GetAccessTokenAsync(), options)
    {
        _keeper = session;
        session.Refreshed += OnTokenRefreshed;
    }

    /// <summary>An event was applied: not a duplicate, and not older than the entity's known version.</summary>
    public event Action<EventEnvelope>? EventReceived;

    /// <summary>The server could not replay what was missed (or the resume buffer overflowed): refetch by REST.
    /// The cursor is already at <see cref="ResumeResult.Head"/> and known versions are cleared.</summary>
    public event Action<ResumeResult>? Reset;

    /// <summary>A resume finished and its events were applied; raised for every resume, recovered or not.</summary>
    public event Action<ResumeResult>? Resumed;

    public event Action<LiveConnectionState>? StateChanged;

    /// <summary>Someone else's ephemeral signal (typing) in a room this connection is in. Not part of the log: none
    /// arrives for the time the connection was away, and each holds only for its <see cref="SignalMessage.TtlMs"/>.</summary>
    public event Action<SignalMessage>? SignalReceived;

    /// <summary>A room could not be joined again after a reconnect (access revoked, room gone); it is forgotten.</summary>
    public event Action<string, SubscribeResult>? SubscriptionRejected;

    /// <summary>Why the server last refused or cut off this connection for its abuse limits (too many connections of
    /// the user, too many requests), for the app to show; null once connected again. While set, the connection waits
    /// <see cref="LiveConnectionOptions.ReconnectMaxDelay"/> between attempts.</summary>
    public string? RefusedBecause => _refusal;

    public LiveConnectionState State => (LiveConnectionState)Volatile.Read(ref _state);

    /// <summary>The last applied seq and its epoch; save it to continue later via
    /// <see cref="LiveConnectionOptions.InitialCursor"/>. Null until the first resume when started without one.</summary>
    public Cursor? Cursor => _sequencer.Cursor;

    /// <summary>Rooms joined through <see cref="SubscribeAsync"/>; they are joined again on every reconnect.
    /// Rooms the server joins automatically (own user, role, teams) are not listed.</summary>
    public IReadOnlyCollection<string> Rooms
    {
        get
        {
            lock (_rooms)
            {
                return [.. _rooms];
            }
        }
    }

    /// <summary>Connects, retrying with backoff until connected and resumed or until <paramref name="ct"/> is
    /// cancelled. After that the connection keeps itself up until <see cref="StopAsync"/>.</summary>
    public async Task StartAsync(CancellationToken ct = default)
    {
        Task firstLive;
        await _lifecycleLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_supervisor is not null)
            {
                throw new InvalidOperationException("The live connection is already started.");
            }
            var lifetime = new CancellationTokenSource();
            var live = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            firstLive = live.Task;
            Volatile.Write(ref _lifetime, lifetime);
            _supervisor = Task.Run(() => SuperviseAsync(live, lifetime.Token), CancellationToken.None);
        }
        finally
        {
            _lifecycleLock.Release();
        }

        try
        {
            await firstLive.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops reconnecting and closes the connection. The cursor, rooms and versions are kept, so a later
    /// <see cref="StartAsync"/> resumes where this one stopped.</summary>
    public async Task StopAsync()
    {
        await _lifecycleLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var lifetime = Volatile.Read(ref _lifetime);
            if (lifetime is null || _supervisor is null)
            {
                return;
            }
            await lifetime.CancelAsync().ConfigureAwait(false);
            await _supervisor.ConfigureAwait(false);
            _supervisor = null;
            Volatile.Write(ref _lifetime, null);
        }
        finally
        {
            _lifecycleLock.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_keeper is not null)
        {
            _keeper.Refreshed -= OnTokenRefreshed;
        }
        await StopAsync().ConfigureAwait(false);
        await _lifecycleLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
        }
        finally
        {
            _lifecycleLock.Release();
        }
        await _transport.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Joins a room. The room is remembered (and joined again after reconnects) only when the server says Ok.
    /// Events of the room from before this call are not replayed: fetch its current state by REST afterwards.</summary>
    /// <exception cref="InvalidOperationException">The connection is not <see cref="LiveConnectionState.Live"/>.</exception>
    public async Task<SubscribeResult> SubscribeAsync(string room, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        await _sessionLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            EnsureLive();
            var result = await _transport.SubscribeAsync(room, ct).ConfigureAwait(false);
            if (result.Ok)
            {
                lock (_rooms)
                {
                    _rooms.Add(room);
                }
            }
            return result;
        }
        finally
        {
            _sessionLock.Release();
        }
    }

    /// <summary>Sends an ephemeral signal (<see cref="SignalNames.Typing"/>) to a room this connection is in. The
    /// server relays at most one per its interval and drops the rest (still answering Ok). Not retried: when not
    /// live, it throws, since a late "typing" is worth nothing.</summary>
    public async Task<SubscribeResult> SignalAsync(string room, string name, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        ArgumentException.ThrowIfNullOrEmpty(name);
        EnsureLive();
        return await _transport.SignalAsync(room, name, ct).ConfigureAwait(false);
    }

    /// <summary>Leaves a room and stops re-joining it. When not live there is nothing to leave on the server, so only
    /// the room is forgotten.</summary>
    public async Task<SubscribeResult> UnsubscribeAsync(string room, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(room);
        await _sessionLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            lock (_rooms)
            {
                _rooms.Remove(room);
            }
            if (State != LiveConnectionState.Live)
            {
                return new SubscribeResult(true, null);
            }
            return await _transport.UnsubscribeAsync(room, ct).ConfigureAwait(false);
        }
        finally
        {
            _sessionLock.Release();
        }
    }

    /// <summary>Moves the open connection to a fresh access token of the same user (after a refresh), so the server
    /// does not close it when the old token expires: same rooms, same cursor, no reconnect. True when moved. False when
    /// not live (the next connect takes the provider's token), or when the server refused it: then the connection
    /// reconnects with the provider's token and resumes from its cursor, losing nothing. A connection created with a
    /// <see cref="SessionKeeper"/> calls this by itself.</summary>
    public async Task<bool> ReauthenticateAsync(string token, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        Volatile.Write(ref _latestToken, token);
        if (State != LiveConnectionState.Live)
        {
            return false;
        }
        if (string.Equals(token, Volatile.Read(ref _tokenInUse), StringComparison.Ordinal))
        {
            return true;
        }
        SubscribeResult result;
        try
        {
            result = await _transport.ReauthenticateAsync(token, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // The connection broke meanwhile; its reconnect takes the provider's (fresh) token.
            Log.ReauthenticateFailed(_logger, ex);
            return false;
        }
        if (result.Ok)
        {
            Volatile.Write(ref _tokenInUse, token);
            Log.Reauthenticated(_logger);
            return true;
        }
        Log.ReauthenticateRefused(_logger, result.Error);
        RequestReconnect();
        return false;
    }

    private void OnTokenRefreshed(LoginResponse pair) => _ = ReauthenticateAsync(pair.AccessToken);

    /// <summary>A refresh while the connection was opening with the token before: move it now.</summary>
    private void CatchUpWithLatestToken()
    {
        if (Volatile.Read(ref _latestToken) is { } latest
            && !string.Equals(latest, Volatile.Read(ref _tokenInUse), StringComparison.Ordinal))
        {
            _ = ReauthenticateAsync(latest);
        }
    }

    /// <summary>Resumes from the cursor now (e.g. when a window becomes visible again) and returns the result after
    /// every replayed event has been applied. A failure triggers a reconnect.</summary>
    /// <exception cref="InvalidOperationException">The connection is not <see cref="LiveConnectionState.Live"/>.</exception>
    public Task<ResumeResult> ResumeNowAsync(CancellationToken ct = default)
    {
        var lifetime = Volatile.Read(ref _lifetime)
            ?? throw new InvalidOperationException("The live connection is not started.");
        // The resume runs on the connection's lifetime, not on ct: abandoning it half way would leave replayed events
        // buffered with nobody to apply them. ct only stops the caller from waiting.
        return ResumeWhileLiveAsync(lifetime.Token).WaitAsync(ct);
    }

    /// <summary>The highest version seen for an entity, from events or from <see cref="ObserveVersion"/>.</summary>
    public bool TryGetKnownVersion(string entity, long id, out long version) =>
        _sequencer.TryGetKnownVersion(entity, id, out version);

    /// <summary>Records a version read by REST, so older events still in flight for that entity are dropped.</summary>
    public void ObserveVersion(string entity, long id, long version) => _sequencer.ObserveVersion(entity, id, version);

    /// <summary>Completes with the first event applied after this call that matches <paramref name="predicate"/>.
    /// Events applied before the call do not count, so start waiting before triggering the change.</summary>
    /// <exception cref="TimeoutException">No matching event was applied in time.</exception>
    public async Task<EventEnvelope> WaitForAsync(
        Func<EventEnvelope, bool> predicate, TimeSpan timeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var waiter = _waiters.Add(predicate);
        try
        {
            return await waiter.Task.WaitAsync(timeout, ct).ConfigureAwait(false);
        }
        catch (TimeoutException) when (!waiter.Task.IsCompleted)
        {
            var cursor = Cursor;
            throw new TimeoutException(
                $"No matching event was applied within {timeout}. The connection is {State}; its cursor is " +
                (cursor is null ? "not set yet." : $"seq {cursor.Seq} in epoch '{cursor.Epoch}'."));
        }
        finally
        {
            _waiters.Remove(waiter);
        }
    }

    private void EnsureLive()
    {
        var state = State;
        if (state != LiveConnectionState.Live)
        {
            throw new InvalidOperationException($"The live connection is {state}; this call needs it to be Live.");
        }
    }
}
