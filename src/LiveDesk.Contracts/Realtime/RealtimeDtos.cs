namespace LiveDesk.Contracts.Realtime;

/// <summary>The last event a client applied. <c>Seq = 0</c> with the current epoch means "from the start".</summary>
public sealed record Cursor(long Seq, string? Epoch);

/// <param name="Recovered">True: every missed event was sent through <c>events</c>, in order.
/// False: the cursor was too old or from another epoch; refetch by REST and continue from <see cref="Head"/>.</param>
public sealed record ResumeResult(bool Recovered, long Head, string Epoch);

public sealed record SubscribeResult(bool Ok, string? Error);

/// <summary>A page of events from <c>GET /api/events</c>. When <see cref="Reset"/> is true the page is empty and the
/// caller must refetch by REST, then continue from <see cref="Head"/>.</summary>
public sealed record EventPage(IReadOnlyList<EventEnvelope> Events, long Head, string Epoch, bool HasMore, bool Reset);

public sealed record RealtimeStatus(
    int Connections,
    int Users,
    int Rooms,
    double EventsPerSecond,
    long Head,
    string Epoch,
    long OldestRetainedSeq,
    IReadOnlyList<ClientReportCount>? ClientReports = null);

/// <summary>Names of hub methods, shared by the server and every client.</summary>
public static class HubMethods
{
    public const string HubPath = "/hubs/live";

    /// <summary>Server to client: an array of <see cref="EventEnvelope"/>, oldest first.</summary>
    public const string Events = "events";

    public const string Subscribe = "Subscribe";
    public const string Unsubscribe = "Unsubscribe";
    public const string Resume = "Resume";

    /// <summary>Client to server: <c>Reauthenticate(token)</c> moves the connection to a fresh access token of the same
    /// user; answers a <see cref="SubscribeResult"/>.</summary>
    public const string Reauthenticate = "Reauthenticate";

    /// <summary>Client to server: <c>Signal(room, name)</c>, an ephemeral signal such as typing; answers a
    /// <see cref="SubscribeResult"/>.</summary>
    public const string Signal = "Signal";

    /// <summary>Server to client: a <see cref="SignalMessage"/> from someone else in one of the connection's rooms.</summary>
    public const string SignalReceived = "signal";
}

/// <summary>Ephemeral signals: never logged, never replayed, each valid for a short time (docs/realtime-protocol.md).</summary>
public static class SignalNames
{
    /// <summary>Someone is typing in a conversation (and, later, a ticket reply).</summary>
    public const string Typing = "typing";
}

/// <summary>An ephemeral signal from <paramref name="UserId"/> in <paramref name="Room"/>. Treat it as true for
/// <paramref name="TtlMs"/> after it arrived, unless a newer one of the same name and user replaces it.</summary>
public sealed record SignalMessage(string Type, string Room, string Name, long UserId, int TtlMs, DateTimeOffset At);
