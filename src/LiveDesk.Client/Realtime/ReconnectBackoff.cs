namespace LiveDesk.Client;

/// <summary>Jittered exponential backoff. The jitter matters more than the curve: after a server restart every
/// client loses its connection at the same instant, and without it they would all come back at the same instant.</summary>
internal static class ReconnectBackoff
{
    public static TimeSpan Next(int attempt, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        // Capped exponent: past ~2^30 the double math is pointless and would overflow a TimeSpan anyway.
        var exponential = baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        var capped = Math.Min(maxDelay.TotalMilliseconds, exponential);
        return TimeSpan.FromMilliseconds(capped * (0.5 + Random.Shared.NextDouble() * 0.5));
    }

    /// <summary>±20% around the interval, so thousands of connections started together do not resume together.</summary>
    public static TimeSpan Jitter(TimeSpan interval) =>
        TimeSpan.FromMilliseconds(interval.TotalMilliseconds * (0.8 + Random.Shared.NextDouble() * 0.4));
}
