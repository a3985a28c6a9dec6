using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Client;

public sealed partial class LiveDeskApiClient
{
    /// <summary>Reads the event log over plain HTTP: the fallback when a hub connection is not possible, and the way
    /// to catch up from a saved cursor in batch jobs.</summary>
    /// <param name="since">Return events with a seq greater than this.</param>
    /// <param name="epoch">The epoch of <paramref name="since"/>; a mismatch answers with <see cref="EventPage.Reset"/>.</param>
    /// <param name="limit">At most <see cref="ProtocolLimits.MaxEventPage"/>; null lets the server choose.</param>
    /// <param name="rooms">Restricts the page to these rooms; null means every room the caller may see.</param>
    public Task<EventPage> GetEventsAsync(
        long since,
        string? epoch = null,
        int? limit = null,
        IEnumerable<string>? rooms = null,
        CancellationToken ct = default)
    {
        var queryString = new QueryString()
            .Add("since", since)
            .Add("epoch", epoch)
            .Add("limit", limit)
            .AddList("rooms", rooms);
        return GetAsync<EventPage>("api/events" + queryString, ct);
    }

    /// <summary>Tells the server a safety valve acted (a breaker opened or closed, a cache repaired); counted in its metrics.</summary>
    public Task ReportAsync(ClientReport report, CancellationToken ct = default) =>
        SendWithoutBodyResultAsync(HttpMethod.Post, "api/realtime/client-reports", report, ct);

    /// <summary>Admin only.</summary>
    public Task<RealtimeStatus> GetRealtimeStatusAsync(CancellationToken ct = default) =>
        GetAsync<RealtimeStatus>("api/realtime/status", ct);
}
