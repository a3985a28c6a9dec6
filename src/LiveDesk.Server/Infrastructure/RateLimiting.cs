using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace LiveDesk.Server.Infrastructure;

public sealed class RateLimitOptions
{
    /// <summary>Login attempts per client address per minute: slows password guessing.</summary>
    public int LoginsPerMinute { get; set; } = 100;

    /// <summary>New hub connections per second for the whole node. Excess connects wait in a queue rather than
    /// fail, so a reconnect storm after a restart is smoothed instead of stampeding the database with resumes.</summary>
    public int ConnectsPerSecond { get; set; } = 500;

    public int ConnectQueueLimit { get; set; } = 10_000;
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
            limiter.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests; retry later.")
                    .ExecuteAsync(context.HttpContext);
            };
            limiter.AddPolicy(Login, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.LoginsPerMinute, Window = TimeSpan.FromMinutes(1) }));
            limiter.AddPolicy(Connect, _ => RateLimitPartition.GetTokenBucketLimiter("hub", _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = options.ConnectsPerSecond,
                TokensPerPeriod = options.ConnectsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = options.ConnectQueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
        });
        return builder;
    }
}
