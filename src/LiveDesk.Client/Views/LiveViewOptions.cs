namespace LiveDesk.Client;

/// <summary>How a live view (<see cref="LiveTicketList"/>) keeps itself correct when the live path misbehaves
/// (docs/realtime-protocol.md, Feature flags and safety valves).</summary>
public sealed record LiveViewOptions
{
    /// <summary>How often the cache is compared with the server's digest of the same list; 10 minutes by default.
    /// Call <see cref="LiveTicketList.SyncNowAsync"/> as well when the network comes back or the app wakes up.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a check waits for the live cursor to reach the digest's head (before that, the cache may
    /// rightly differ); past it, that check is skipped.</summary>
    public TimeSpan SyncCatchUpTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>When failed applies and version gaps open the breaker, and how it closes again.</summary>
    public BreakerOptions Breaker { get; init; } = new();

    /// <summary>Tell the server when the breaker opens or closes and when a check repaired the cache
    /// (<c>POST /api/realtime/client-reports</c>), so operators see a misbehaving client release.</summary>
    public bool ReportToServer { get; init; } = true;
}
