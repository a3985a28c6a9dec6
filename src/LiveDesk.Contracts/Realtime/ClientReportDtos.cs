namespace LiveDesk.Contracts.Realtime;

/// <summary><c>POST /api/realtime/client-reports</c>: a client tells the server that its safety valves acted, so
/// operators see it (docs/realtime-protocol.md, Client reports). <paramref name="Kind"/> is one of
/// <see cref="ClientReportKinds"/>; <paramref name="Entity"/> an entity type; <paramref name="Count"/> how many (repairs).</summary>
public sealed record ClientReport(string? Kind, string? Entity, int? Count = null, string? Detail = null);

public static class ClientReportKinds
{
    /// <summary>The circuit breaker for the entity type opened: the client refetches instead of applying events.</summary>
    public const string BreakerOpened = "breaker_opened";

    /// <summary>It closed again after a healthy period.</summary>
    public const string BreakerClosed = "breaker_closed";

    /// <summary>The periodic sync found the cache different from the server and repaired <c>Count</c> entries.</summary>
    public const string CacheRepaired = "cache_repaired";

    public static readonly IReadOnlyList<string> All = [BreakerOpened, BreakerClosed, CacheRepaired];
}

/// <summary>What clients reported since the node started, per kind and entity type (admins, in the realtime status).</summary>
public sealed record ClientReportCount(string Kind, string Entity, long Reports, long Count);
