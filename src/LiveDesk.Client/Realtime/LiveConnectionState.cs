namespace LiveDesk.Client;

public enum LiveConnectionState
{
    /// <summary>Not started, or stopped.</summary>
    Disconnected,

    /// <summary>Trying to connect for the first time since <see cref="LiveConnection.StartAsync"/>.</summary>
    Connecting,

    /// <summary>Connected, rooms joined and resumed: events flow and the cursor is trustworthy.</summary>
    Live,

    /// <summary>Was live, lost the connection, and is retrying with backoff.</summary>
    Reconnecting,
}
