namespace LiveDesk.Contracts.Realtime;

public static class ProtocolLimits
{
    /// <summary>Most events one <c>GET /api/events</c> page returns.</summary>
    public const int MaxEventPage = 1000;

    /// <summary>Most characters in an epoch string a client may send.</summary>
    public const int MaxEpochLength = 64;
}
