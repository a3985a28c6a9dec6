using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace LiveDesk.Server.Infrastructure;

public sealed class RateLimitOptions
{
    /// <summary>Login attempts per client address per minute: slows password guessing.</summary>
    public int LoginsPerMinute { get; set; } = 100;

    /// <summary>New live connections (hub and native WebSocket together) per second for the whole node. Excess connects wait in a queue rather than
    /// fail, so a reconnect storm after a restart is smoothed instead of stampeding the database with resumes.</summary>
    public int ConnectsPerSecond { get; set; } = 500;

    public int ConnectQueueLimit { get; set; } = 10_000;

    /// <summary>Open live connections per user, hub, native WebSocket and SSE together. The next one is refused with
    /// <see cref="Realtime.Connections.ConnectionRegistry.TooManyConnections"/>.</summary>
    public int MaxConnectionsPerUser { get; set; } = 20;

    /// <summary>Live requests (subscribe, unsubscribe, resume, signal, reauthenticate) per second one connection may
    /// make on average, and how many it may make at once after a quiet spell.</summary>
    public int InvocationsPerSecond { get; set; } = 20;

    public int InvocationBurst { get; set; } = 100;

    /// <summary>The same for all of one user's connections together.</summary>
    public int UserInvocationsPerSecond { get; set; } = 60;

    public int UserInvocationBurst { get; set; } = 300;

    /// <summary>A connection refused this many times within 10 seconds (it keeps going while told to slow down) is closed.</summary>
    public int RefusalsBeforeDisconnect { get; set; } = 50;

    /// <summary>After one of a user's connections was closed for flooding, the user's new live connections are refused
    /// this long (429, or the close code 4408), so a client looping on reconnect cannot keep the node busy.</summary>
    public TimeSpan FloodCooldown { get; set; } = TimeSpan.FromSeconds(10);
}

public static class RateLimiting
{
    public const string Login = "login";
    public const string Connect = "connect";

    public static WebApplicationBuilder AddLiveDeskRateLimits(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetLiveDeskOptions().RateLimits;
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) => new ValueTask(RejectAsync(context.HttpContext, context.Lease));
            limiter.AddPolicy(Login, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.LoginsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            // The hub's connects draw on the same node-wide bucket as the native WebSocket's (ConnectLimiter).
            limiter.AddPolicy(Connect, http => RateLimitPartition.Get("connect",
                _ => http.RequestServices.GetRequiredService<ConnectLimiter>().Shared));
        });
        builder.Services.AddSingleton(new ConnectLimiter(options));
        return builder;
    }

    /// <summary>The answer to a refused request: 429 with Retry-After when the limiter knows it.</summary>
    public static async Task RejectAsync(HttpContext http, RateLimitLease lease)
    {
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests; retry later.").ExecuteAsync(http);
    }
}

/// <summary>New live connections per second for the whole node, hub and native WebSocket alike. Excess connects wait
/// in a queue rather than fail, so a reconnect storm after a restart is smoothed instead of stampeding the database
/// with resumes. The native endpoint asks it directly, before the middleware chain (docs/performance.md: a connection
/// that passes through the chain keeps every middleware's suspended state for its whole life).</summary>
public sealed class ConnectLimiter(RateLimitOptions options) : IDisposable
{
    private readonly TokenBucketRateLimiter _bucket = new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = options.ConnectsPerSecond,
        TokensPerPeriod = options.ConnectsPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = options.ConnectQueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>The bucket for the rate-limiting middleware, which disposes partition limiters it considers idle; this
    /// view of the bucket ignores that, so the one bucket lives as long as the node.</summary>
    public RateLimiter Shared => new Undisposable(_bucket);

    public ValueTask<RateLimitLease> AcquireAsync(CancellationToken ct) => _bucket.AcquireAsync(1, ct);

    public void Dispose() => _bucket.Dispose();

    private sealed class Undisposable(RateLimiter inner) : RateLimiter
    {
        public override TimeSpan? IdleDuration => null;
        public override RateLimiterStatistics? GetStatistics() => inner.GetStatistics();
        protected override RateLimitLease AttemptAcquireCore(int permitCount) => inner.AttemptAcquire(permitCount);
        protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
            inner.AcquireAsync(permitCount, cancellationToken);
    }
}
