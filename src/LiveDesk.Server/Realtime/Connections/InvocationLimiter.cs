using System.Threading.RateLimiting;
using LiveDesk.Server.Infrastructure;
using Microsoft.Extensions.Options;

namespace LiveDesk.Server.Realtime.Connections;

/// <summary>Bounds the live requests (subscribe, unsubscribe, resume, signal, reauthenticate) one connection and one
/// user may make: a token bucket each (ASP.NET Core's rate limiter), with a burst for a page that opens many rooms at
/// once. A request over either bucket is refused with <see cref="TooManyRequests"/>; a connection refused
/// <see cref="RateLimitOptions.RefusalsBeforeDisconnect"/> times within <see cref="RefusalWindow"/> is closed (counted
/// in a window rather than in a row: a flood from many connections gets the odd request through the user's bucket,
/// which must not start its count again), and the user's new connections wait out a cool-down. Without it one buggy tab
/// flooding Subscribe (a million calls in 25 s, each a database read) moved everyone else's delivery p99 from 13 to
/// 361 ms (issue 12).</summary>
public sealed partial class InvocationLimiter : IDisposable
{
    public const string TooManyRequests = "Too many live requests; slow down.";
    public const string Disconnected = "Too many live requests after being told to slow down; reconnect later.";

    /// <summary>The window in which refusals add up towards a disconnect.</summary>
    public static readonly TimeSpan RefusalWindow = TimeSpan.FromSeconds(10);

    private readonly RateLimitOptions _options;
    private readonly PartitionedRateLimiter<string> _perConnection;
    private readonly PartitionedRateLimiter<long> _perUser;
    private readonly ILogger<InvocationLimiter> _logger;
    private readonly TimeProvider _time;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<long, DateTimeOffset> _cooldowns = new();

    public InvocationLimiter(IOptions<LiveDeskOptions> options, TimeProvider time, ILogger<InvocationLimiter> logger)
    {
        _options = options.Value.RateLimits;
        _time = time;
        _logger = logger;
        _perConnection = PartitionedRateLimiter.Create<string, string>(id => RateLimitPartition.GetTokenBucketLimiter(id,
            _ => Bucket(_options.InvocationsPerSecond, _options.InvocationBurst)));
        _perUser = PartitionedRateLimiter.Create<long, long>(userId => RateLimitPartition.GetTokenBucketLimiter(userId,
            _ => Bucket(_options.UserInvocationsPerSecond, _options.UserInvocationBurst)));
    }

    /// <summary>Null when the request may go ahead; otherwise the error to answer it with. A connection refused too
    /// often in a row is closed here too.</summary>
    public string? Check(LiveConnection connection)
    {
        using var mine = _perConnection.AttemptAcquire(connection.Id);
        if (mine.IsAcquired)
        {
            using var users = _perUser.AttemptAcquire(connection.Viewer.UserId);
            if (users.IsAcquired)
            {
                return null;
            }
        }
        var now = Environment.TickCount64;
        if (now - connection.RefusalWindowStart > RefusalWindow.TotalMilliseconds)
        {
            connection.RefusalWindowStart = now;
            connection.RecentRefusals = 0;
        }
        if (++connection.RecentRefusals >= _options.RefusalsBeforeDisconnect)
        {
            LogDisconnected(connection.Viewer.UserId, connection.Id);
            _cooldowns[connection.Viewer.UserId] = _time.GetUtcNow() + _options.FloodCooldown;
            connection.Close(Disconnected);
            return Disconnected;
        }
        return TooManyRequests;
    }

    /// <summary>How long the user must still wait before a new live connection is let in, after one of theirs was
    /// closed for flooding; null when they may connect. Checked before any database work.</summary>
    public TimeSpan? CooldownLeft(long userId)
    {
        if (!_cooldowns.TryGetValue(userId, out var until))
        {
            return null;
        }
        var left = until - _time.GetUtcNow();
        if (left > TimeSpan.Zero)
        {
            return left;
        }
        _cooldowns.TryRemove(new KeyValuePair<long, DateTimeOffset>(userId, until));
        return null;
    }

    /// <summary>How long a refused connect during a cool-down is held before its answer: a client that reconnects in a
    /// loop then tries a few times a second rather than thousands (measured in S9, docs/performance.md), and holding a
    /// request costs a timer, not CPU.</summary>
    public static TimeSpan Tarpit(TimeSpan left) => left < TimeSpan.FromSeconds(2) ? left : TimeSpan.FromSeconds(2);

    public static string CoolingDown(TimeSpan left) =>
        $"Too many live requests from this account a moment ago; connect again in {Math.Ceiling(left.TotalSeconds):0} s.";

    public void Dispose()
    {
        _perConnection.Dispose();
        _perUser.Dispose();
    }

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = Math.Max(1, burst),
        TokensPerPeriod = Math.Max(1, perSecond / 10),
        ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Closed live connection {ConnectionId} of user {UserId}: it kept sending requests over the limit")]
    private partial void LogDisconnected(long userId, string connectionId);
}
