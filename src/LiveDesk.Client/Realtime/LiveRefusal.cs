using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Client;

/// <summary>Tells a server that refused or cut off the connection for abuse limits (too many connections of the user,
/// too many requests: docs/api.md, Limits) apart from a network failure. Reconnecting at once would only be refused
/// again, and a tight loop of refusals is exactly what the limits exist to stop, so the connection waits the longest
/// reconnect delay instead.</summary>
internal static class LiveRefusal
{
    /// <summary>Where the native transport puts a close frame's code on the exception it ends the connection with.</summary>
    public const string CloseCodeKey = "LiveDesk.CloseCode";

    private static readonly int[] s_refusalCodes =
        [NativeProtocol.CloseCodes.TooManyConnections, NativeProtocol.CloseCodes.TooManyRequests];

    // The hub has no close codes: its close message carries only the server's text, which starts with one of these.
    private static readonly string[] s_hubReasons = ["Too many live connections", "Too many live requests"];

    /// <summary>The server's reason when <paramref name="error"/> (or an inner exception) is such a refusal.</summary>
    public static string? ReasonOf(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if ((e.Data[CloseCodeKey] is int code && s_refusalCodes.Contains(code))
                || s_hubReasons.Any(reason => e.Message.Contains(reason, StringComparison.Ordinal)))
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
