using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Client;

/// <summary>Tells a server that refused or cut off the connection for abuse limits (too many connections of the user,
/// too many requests: docs/api.md, Limits) apart from a network failure. Reconnecting at once would only be refused
/// again, and a tight loop of refusals is exactly what the limits exist to stop, so the connection waits the longest
/// reconnect delay instead.</summary>
internal static class LiveRefusal
{
    // The native close codes appear in the transport's error text; the hub carries the server's reason itself.
    private static readonly string[] s_markers =
    [
        $" {NativeProtocol.CloseCodes.TooManyConnections}",
        $" {NativeProtocol.CloseCodes.TooManyRequests}",
        "Too many live connections",
        "Too many live requests",
    ];

    /// <summary>The server's reason when <paramref name="error"/> (or an inner exception) is such a refusal.</summary>
    public static string? ReasonOf(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (s_markers.Any(marker => e.Message.Contains(marker, StringComparison.Ordinal)))
            {
                return e.Message;
            }
        }
        return null;
    }

    /// <summary>The delay before the next attempt: the longest after a refusal, the usual backoff otherwise.</summary>
    public static TimeSpan NextDelay(string? refusal, int attempt, LiveConnectionOptions options) =>
        refusal is null
            ? ReconnectBackoff.Next(attempt, options.ReconnectBaseDelay, options.ReconnectMaxDelay)
            : ReconnectBackoff.Jitter(options.ReconnectMaxDelay);
}
