using System.Net;
using LiveDesk.Contracts.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiveDesk.Client;

/// <summary>Keeps a signed-in <see cref="LiveDeskApiClient"/>'s session fresh: it refreshes the access token ahead of
/// its expiry (<see cref="TokenLifetime.RefreshDelay"/>), and when the server refused it (a REST 401 is refreshed once
/// and the request sent again). Refreshes are single flight: a refresh token works once and a second use ends the
/// session (docs/security.md), so however many threads, requests and connections ask at once, one refresh runs.
/// A <see cref="LiveConnection"/> created with the keeper moves its open connection to every new token
/// (reauthenticate) instead of being closed when the old one expires. Thread-safe.</summary>
/// <remarks>Use it instead of calling <see cref="LiveDeskApiClient.RefreshAsync"/> yourself: two direct calls racing
/// with the same refresh token end the session.</remarks>
public sealed partial class SessionKeeper : IAsyncDisposable
{
    private static readonly TimeSpan[] s_retryDelays =
        [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)];

    private readonly LiveDeskApiClient _api;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _gate = new();
    private Task<bool>? _inflight;
    private long _refreshAt = long.MaxValue; // a TimeProvider timestamp
    private int _failures;
    private int _refreshes;
    private volatile bool _ended;

    /// <param name="api">Signed in with <see cref="LiveDeskApiClient.LoginAsync"/> (or given a refresh token). One
    /// keeper per client.</param>
    public SessionKeeper(LiveDeskApiClient api, SessionKeeperOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        options ??= new SessionKeeperOptions();
        _api = api;
        _time = options.TimeProvider ?? TimeProvider.System;
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SessionKeeper>();
        _timer = _time.CreateTimer(_ => _ = RefreshQuietlyAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        api.AttachKeeper(this);
        if (api.LastIssued is { } pair)
        {
            // Issued a while ago, perhaps: what is left of it, not its whole life.
            Schedule(pair, _time.GetUtcNow() - api.LastIssuedAt);
        }
        else if (TokenLifetime.TryReadClaims(api.AccessToken, out _, out var expires) && api.RefreshToken is not null)
        {
            // Tokens handed in from elsewhere: the expiry on this machine's clock is all there is to go by.
            ScheduleIn(DateTimeOffset.FromUnixTimeSeconds(expires) - _time.GetUtcNow());
        }
    }

    /// <summary>A new pair was issued (by this keeper, or a login on the client). Raised on a thread-pool thread;
    /// a <see cref="LiveConnection"/> created with this keeper moves to the new token by itself.</summary>
    public event Action<LoginResponse>? Refreshed;

    /// <summary>The session is over (the server refused the refresh token: signed out, expired, or used twice):
    /// sign in again. Raised once.</summary>
    public event Action<LiveDeskApiException>? SessionEnded;

    /// <summary>The access token to use now.</summary>
    public string? AccessToken => _api.AccessToken;

    public bool HasEnded => _ended;

    /// <summary>How many refreshes succeeded.</summary>
    public int RefreshCount => Volatile.Read(ref _refreshes);

    /// <summary>The token to use now, refreshed first when it is due (a timer that fired late, a machine that slept).
    /// Pass it as a <see cref="LiveConnection"/>'s access token provider.</summary>
    public async Task<string?> GetAccessTokenAsync(CancellationToken ct = default)
    {
        if (!_ended && _api.RefreshToken is not null && _time.GetTimestamp() >= Interlocked.Read(ref _refreshAt))
        {
            await RefreshAsync(ct).ConfigureAwait(false);
        }
        return _api.AccessToken;
    }

    /// <summary>Refreshes now, or joins the refresh already running. True when a fresh token is in place; false when
    /// the session ended (see <see cref="SessionEnded"/>) or the server could not be reached (it is retried soon).</summary>
    public Task<bool> RefreshAsync(CancellationToken ct = default)
    {
        if (_ended)
        {
            return Task.FromResult(false);
        }
        lock (_gate)
        {
            // Task.Run under the lock: the refresh's own clean-up takes the lock, so it cannot clear the field before
            // it is set.
            _inflight ??= Task.Run(RefreshOnceAsync, CancellationToken.None);
            return _inflight.WaitAsync(ct);
        }
    }

    /// <summary><paramref name="refusedToken"/> was refused: true when a newer token is there to retry with, because
    /// someone refreshed meanwhile or this call did.</summary>
    internal Task<bool> RefreshAfterRefusalAsync(string? refusedToken, CancellationToken ct)
    {
        if (_ended)
        {
            return Task.FromResult(false);
        }
        if (!string.Equals(refusedToken, _api.AccessToken, StringComparison.Ordinal))
        {
            return Task.FromResult(true);
        }
        return RefreshAsync(ct);
    }

    /// <summary>A pair was issued on the client (login or refresh): plan the next refresh and tell the connections.</summary>
    internal void Issued(LoginResponse pair)
    {
        Schedule(pair, TimeSpan.Zero);
        Interlocked.Exchange(ref _failures, 0);
        var handlers = Refreshed;
        if (handlers is null)
        {
            return;
        }
        foreach (var handler in handlers.GetInvocationList().Cast<Action<LoginResponse>>())
        {
            try
            {
                handler(pair);
            }
            catch (Exception e)
            {
                Log.HandlerFailed(_logger, e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _ended = true;
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _timer.DisposeAsync().ConfigureAwait(false);
        _api.DetachKeeper(this);
        if (Volatile.Read(ref _inflight) is { } inflight)
        {
            await ((Task)inflight).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _lifetime.Dispose();
    }

    private async Task<bool> RefreshOnceAsync()
    {
        try
        {
            if (_api.RefreshToken is null)
            {
                End(new LiveDeskApiException(HttpStatusCode.Unauthorized, "No refresh token", "Sign in again.", body: null));
                return false;
            }
            await _api.RefreshAsync(ct: _lifetime.Token).ConfigureAwait(false);
            Interlocked.Increment(ref _refreshes);
            return true;
        }
        catch (LiveDeskApiException e) when (e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest)
        {
            End(e);
            return false;
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e)
        {
            // Unreachable, busy (429) or failing: the token may still have a while; try again soon.
            var attempt = Interlocked.Increment(ref _failures) - 1;
            var delay = s_retryDelays[Math.Min(attempt, s_retryDelays.Length - 1)];
            Log.RefreshFailed(_logger, e, delay);
            ChangeTimer(delay);
            return false;
        }
        finally
        {
            lock (_gate)
            {
                _inflight = null;
            }
        }
    }

    private async Task RefreshQuietlyAsync()
    {
        try
        {
            await RefreshAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Log.RefreshFailed(_logger, e, TimeSpan.Zero);
        }
    }

    /// <param name="age">How long ago the pair arrived.</param>
    private void Schedule(LoginResponse pair, TimeSpan age)
    {
        if (pair.RefreshToken is not null)
        {
            var life = TokenLifetime.Remaining(pair.AccessToken, pair.ExpiresAt, _time.GetUtcNow());
            ScheduleIn(life - (age > TimeSpan.Zero ? age : TimeSpan.Zero));
        }
    }

    private void ScheduleIn(TimeSpan remaining)
    {
        var delay = TokenLifetime.RefreshDelay(remaining);
        Log.Scheduled(_logger, remaining, delay);
        Interlocked.Exchange(ref _refreshAt, _time.GetTimestamp() + (long)(delay.TotalSeconds * _time.TimestampFrequency));
        ChangeTimer(delay);
    }

    private void ChangeTimer(TimeSpan delay)
    {
        if (_ended)
        {
            return;
        }
        try
        {
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed meanwhile.
        }
    }

    private void End(LiveDeskApiException reason)
    {
        if (_ended)
        {
            return;
        }
        _ended = true;
        ChangeTimerOff();
        Log.SessionEnded(_logger, reason.Title);
        try
        {
            SessionEnded?.Invoke(reason);
        }
        catch (Exception e)
        {
            Log.HandlerFailed(_logger, e);
        }
    }

    private void ChangeTimerOff()
    {
        try
        {
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Refreshing the access token failed; trying again in {Delay}.")]
        public static partial void RefreshFailed(ILogger logger, Exception exception, TimeSpan delay);

        [LoggerMessage(2, LogLevel.Warning, "The session has ended ({Reason}); sign in again.")]
        public static partial void SessionEnded(ILogger logger, string? reason);

        [LoggerMessage(4, LogLevel.Debug, "A new access token, good for {Remaining}: refreshing it in {Delay}.")]
        public static partial void Scheduled(ILogger logger, TimeSpan remaining, TimeSpan delay);

        [LoggerMessage(3, LogLevel.Error, "A Refreshed or SessionEnded handler threw.")]
        public static partial void HandlerFailed(ILogger logger, Exception exception);
    }
}

public sealed record SessionKeeperOptions
{
    /// <summary>The clock for scheduling refreshes (tests pass a fake one).</summary>
    public TimeProvider? TimeProvider { get; init; }

    public ILoggerFactory? LoggerFactory { get; init; }
}
