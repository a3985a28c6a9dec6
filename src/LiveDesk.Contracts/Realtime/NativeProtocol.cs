namespace LiveDesk.Contracts.Realtime;

/// <summary>The live protocol's native WebSocket framing (docs/realtime-protocol.md): one JSON text message per
/// WebSocket message, each with a <c>type</c>. The same operations and envelopes as the SignalR hub.</summary>
public static class NativeProtocol
{
    public const string Path = "/live/ws";

    /// <summary>The largest message a client may send; the server closes the connection (1009) beyond it.</summary>
    public const int MaxClientMessageBytes = 64 * 1024;

    /// <summary>Client to server.</summary>
    public static class Requests
    {
        public const string Subscribe = "subscribe";
        public const string Unsubscribe = "unsubscribe";
        public const string Resume = "resume";

        /// <summary>An ephemeral signal (<see cref="NativeRequest.Name"/>) to a room the connection is in.</summary>
        public const string Signal = "signal";

        /// <summary>Moves the connection to a fresh access token (<see cref="NativeRequest.Token"/>) of the same user,
        /// so it is not closed when the old one expires.</summary>
        public const string Reauthenticate = "reauthenticate";
    }

    /// <summary>Close codes of the server's own (4000-4999), besides the standard 1008 (policy: token expired,
    /// session ended, account deactivated) and 1009 (message too big).</summary>
    public static class CloseCodes
    {
        /// <summary>The user has as many live connections as allowed: show the reason and retry only after a long
        /// back-off (or when another tab closes).</summary>
        public const int TooManyConnections = 4429;

        /// <summary>The connection kept sending requests after being told to slow down.</summary>
        public const int TooManyRequests = 4408;
    }

    /// <summary>Server to client.</summary>
    public static class Messages
    {
        /// <summary>Events, oldest first: <see cref="EventsMessage"/>.</summary>
        public const string Events = "events";

        /// <summary>The answer to a request with the same <c>id</c>: <see cref="ReplyMessage"/>.</summary>
        public const string Reply = "reply";

        /// <summary>Someone else's ephemeral signal: <see cref="SignalMessage"/>.</summary>
        public const string Signal = "signal";
    }
}

/// <summary>A client request. <paramref name="Id"/> is the client's own and comes back on the reply.</summary>
public sealed record NativeRequest(string? Type, long Id, string? Room, Cursor? Cursor, string? Name = null, string? Token = null);

public sealed record EventsMessage(string Type, IReadOnlyList<EventEnvelope> Events);

/// <summary>The answer to one request: <paramref name="Ok"/> with <paramref name="Error"/> for subscribe and
/// unsubscribe (as <see cref="SubscribeResult"/>), plus <paramref name="Resume"/> for resume.</summary>
public sealed record ReplyMessage(string Type, long Id, bool Ok, string? Error, ResumeResult? Resume);
