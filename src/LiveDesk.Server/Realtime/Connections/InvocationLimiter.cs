using System.Threading.RateLimiting;
using LiveDesk.Server.Infrastructure;
using Microsoft.Extensions.Options;

namespace LiveDesk.Server.Realtime.Connections;

/// <summary>Bounds the live requests (subscribe, unsubscribe, resume, signal, reauthenticate) one connection and one
/// user may make: a token bucket each (ASP.NET Core's rate limiter), with a burst for a page that opens many rooms at
/// once. A request over either bucket is refused with <see cref="TooManyRequests"/>; a connection that keeps going
/// after <see cref="RateLimitOptions.RefusalsBeforeDisconnect"/> refusals in a row is closed. Without it one buggy tab
/// flooding Subscribe (a million calls in 25 s, each a database read) moved everyone else's delivery p99 from 13 to
/// 361 ms (issue 12).</summary>
public sealed partial class InvocationLimiter : IDisposable
{
    public const string TooManyRequests = "Too many live requests; slow down.";
    public const string Disconnected = "Too many live requests after being told to slow down; reconnect later.";

    private readonly RateLimitOptions _options;
    private readonly PartitionedRateLimiter<string> _perConnection;
    private readonly PartitionedRateLimiter<long> _perUser;
    private readonly ILogger<InvocationLimiter> _logger;

    public InvocationLimiter(IOptions<LiveDeskOptions> options, ILogger<InvocationLimiter> logger)
    {
        _options = options.Value.RateLimits;
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
                connection.ConsecutiveRefusals = 0;
                return null;
            }
        }
        if (++connection.ConsecutiveRefusals >= _options.RefusalsBeforeDisconnect)
        {
            LogDisconnected(connection.Viewer.UserId, connection.Id);
            connection.Close(Disconnected);
            return Disconnected;
        }
        return TooManyRequests;
    }

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
