using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.Connections;
using LiveDesk.Server.Realtime.Dispatch;
using LiveDesk.Server.Realtime.EventLog;
using LiveDesk.Server.Realtime.Rooms;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LiveDesk.Server.Realtime.Http;

public static class EventEndpoints
{
    public static IEndpointRouteBuilder MapEvents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api").RequireAuthorization().WithTags("Events");
        group.MapGet("/events", ListEventsAsync)
            .WithSummary("Replay events after a cursor for the caller's rooms, as JSON pages.");
        group.MapGet("/events/stream", EventStream.RunAsync)
            .WithSummary("Server-Sent Events: replay from Last-Event-ID (or since), then live.");
        Reports.ClientReports.Map(app);
        group.MapGet("/realtime/status", StatusAsync)
            .WithSummary("Connections, rooms, event rate, log head and epoch (admins only).");
        return app;
    }

    private static async Task<Results<Ok<EventPage>, ValidationProblem, ForbidHttpResult, UnauthorizedHttpResult>> ListEventsAsync(
        HttpContext http, EventLogReader reader, RoomAccessPolicy policy,
        long? since, string? epoch, int? limit, string? rooms)
    {
        var viewer = await http.GetViewerAsync();
        if (viewer is null)
        {
            return TypedResults.Unauthorized();
        }
        var errors = new Dictionary<string, string[]>();
        if (since is < 0)
        {
            errors["since"] = ["since must be zero or a seq the server returned."];
        }
        if (limit is < 1 or > ProtocolLimits.MaxEventPage)
        {
            errors["limit"] = [$"limit must be between 1 and {ProtocolLimits.MaxEventPage}."];
        }
        if (epoch is { Length: > ProtocolLimits.MaxEpochLength })
        {
            errors["epoch"] = ["epoch is too long."];
        }
        var roomNames = await ReadRoomsAsync(viewer, rooms, policy, errors, http.RequestAborted);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (roomNames is null)
        {
            return TypedResults.Forbid();
        }
        var cursor = new Cursor(since ?? 0, epoch);
        var result = await reader.ReadAsync(cursor, roomNames, limit ?? 100, http.RequestAborted);
        return TypedResults.Ok(new EventPage(result.Events, result.Head, result.Epoch, result.HasMore, !result.Recovered));
    }

    /// <summary>The viewer's automatic rooms plus any extra rooms asked for in <c>rooms=a,b</c>, each checked by the
    /// access policy. Null when a room is refused.</summary>
    internal static async Task<List<string>?> ReadRoomsAsync(
        Viewer viewer, string? rooms, RoomAccessPolicy policy, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        var extras = ParseRooms(rooms, policy, errors);
        var allowed = await policy.FilterAsync(viewer, extras, ct);
        return allowed.Count == extras.Count ? await RoomNamesAsync(viewer, allowed, policy, ct) : null;
    }

    internal static List<Room> ParseRooms(string? rooms, RoomAccessPolicy policy, Dictionary<string, string[]> errors)
    {
        var parsed = new List<Room>();
        if (string.IsNullOrWhiteSpace(rooms))
        {
            return parsed;
        }
        var requested = rooms.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (requested.Length > 50)
        {
            errors["rooms"] = ["At most 50 rooms."];
            return parsed;
        }
        foreach (var name in requested)
        {
            if (!policy.TryResolve(name, out var room))
            {
                errors["rooms"] = [$"'{Truncate(name)}': {policy.UnknownRoom}"];
                return [];
            }
            parsed.Add(room);
        }
        return parsed;
    }

    /// <summary>What a reader listens to: its automatic rooms and the extra rooms it may be in, each with what a join
    /// of it means (a staff member's ticket rooms include their internal side), every expanded room checked by its
    /// own rule, as on the hub.</summary>
    internal static async Task<List<string>> RoomNamesAsync(Viewer viewer, IEnumerable<Room> extras, RoomAccessPolicy policy,
        CancellationToken ct)
    {
        var names = policy.AutomaticRooms(viewer).Select(r => r.Name).ToList();
        foreach (var room in extras)
        {
            names.AddRange((await policy.GrantedExpansionAsync(viewer, room, ct)).Select(r => r.Name));
        }
        return names;
    }

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64] + "…";

    private static async Task<Results<Ok<RealtimeStatus>, ForbidHttpResult>> StatusAsync(
        HttpContext http, ConnectionRegistry registry, DeliveryMetrics metrics, EventLogReader reader, Reports.ClientReports reports)
    {
        var viewer = await http.GetViewerAsync();
        if (viewer?.Role != UserRole.Admin)
        {
            return TypedResults.Forbid();
        }
        var state = await reader.ReadStateAsync(http.RequestAborted);
        return TypedResults.Ok(new RealtimeStatus(registry.ConnectionCount, registry.UserCount, registry.RoomCount,
            metrics.EventsPerSecond(), state.Head, state.Epoch, state.PrunedThrough + 1, reports.Totals));
    }
}
