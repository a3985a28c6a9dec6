using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.Connections;
using LiveDesk.Server.Realtime.EventLog;
using LiveDesk.Server.Realtime.Rooms;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace LiveDesk.Server.Realtime.Hub;

/// <summary>The real-time hub at <c>/hubs/live</c>. Events go out through the client method <c>events</c>; clients
/// call Subscribe, Unsubscribe and Resume.</summary>
[Authorize]
public sealed partial class LiveHub(
    ConnectionRegistry registry,
    LiveHubLifetimeManager lifetime,
    RoomAccessPolicy policy,
    ViewerLoader viewers,
    EventLogReader reader,
    ReplayGate replayGate,
    ILogger<LiveHub> logger) : Microsoft.AspNetCore.SignalR.Hub
{
    /// <summary>Replay goes out in chunks so one message never grows past the connection's buffer.</summary>
    private const int ReplayChunkSize = 200;

    public override async Task OnConnectedAsync()
    {
        var viewer = await viewers.LoadAsync(Context.User!, Context.ConnectionAborted)
            ?? throw new HubException("Unknown user.");
        var context = lifetime.Find(Context.ConnectionId) ?? throw new HubException("The connection closed while connecting.");
        var connection = registry.Add(context, viewer);
        foreach (var room in RoomAccessPolicy.AutomaticRooms(viewer))
        {
            registry.Join(connection, room.Name);
        }
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        registry.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    public async Task<SubscribeResult> Subscribe(string room)
    {
        var connection = Current();
        if (!Room.TryParse(room, out var parsed))
        {
            return new SubscribeResult(false, RoomAccessPolicy.UnknownRoom);
        }
        if (!await policy.CanJoinAsync(connection.Viewer, parsed, Context.ConnectionAborted))
        {
            LogRefused(connection.Viewer.UserId, parsed.Name);
            return new SubscribeResult(false, RoomAccessPolicy.Refused);
        }
        foreach (var joined in RoomAccessPolicy.Expand(connection.Viewer, parsed))
        {
            registry.Join(connection, joined.Name);
        }
        return new SubscribeResult(true, null);
    }

    public SubscribeResult Unsubscribe(string room)
    {
        var connection = Current();
        if (!Room.TryParse(room, out var parsed))
        {
            return new SubscribeResult(false, RoomAccessPolicy.UnknownRoom);
        }
        registry.Leave(connection, parsed.Name);
        if (parsed.Kind == RoomKind.Ticket)
        {
            registry.Leave(connection, Room.TicketStaff(parsed.Id).Name);
        }
        return new SubscribeResult(true, null);
    }

    /// <summary>Sends every event after <paramref name="cursor"/> for this connection's rooms through
    /// <c>events</c>, oldest first, then answers. A null cursor starts live from the head.</summary>
    public async Task<ResumeResult> Resume(Cursor? cursor)
    {
        if (cursor is { Epoch.Length: > ProtocolLimits.MaxEpochLength })
        {
            throw new HubException("The cursor's epoch is too long.");
        }
        var connection = Current();
        var ct = Context.ConnectionAborted;
        using var slot = await replayGate.EnterAsync(ct);
        var rooms = await RecheckRoomsAsync(connection, ct);
        var result = await reader.ReadAsync(cursor, rooms, limit: null, ct);
        for (var start = 0; start < result.Events.Count; start += ReplayChunkSize)
        {
            var chunk = result.Events.Skip(start).Take(ReplayChunkSize).ToArray();
            await Clients.Caller.SendAsync(HubMethods.Events, chunk, ct);
        }
        return new ResumeResult(result.Recovered, result.Head, result.Epoch);
    }

    /// <summary>Access may have changed since the rooms were joined (a ticket moved team, a member left): replay only
    /// for the rooms the connection may still be in, and drop the rest from live delivery too.</summary>
    private async Task<List<string>> RecheckRoomsAsync(LiveConnection connection, CancellationToken ct)
    {
        var viewer = await viewers.LoadAsync(Context.User!, ct) ?? throw new HubException("Unknown user.");
        connection.Viewer = viewer;
        foreach (var room in RoomAccessPolicy.AutomaticRooms(viewer))
        {
            registry.Join(connection, room.Name);
        }
        var allowed = new List<string>();
        foreach (var name in connection.RoomsSnapshot())
        {
            if (Room.TryParse(name, out var room) && await policy.CanJoinAsync(viewer, room, ct))
            {
                allowed.Add(name);
            }
            else
            {
                registry.Leave(connection, name);
            }
        }
        return allowed;
    }

    private LiveConnection Current() =>
        registry.Find(Context.ConnectionId) ?? throw new HubException("The connection is not registered; reconnect.");

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} was refused room {Room}")]
    private partial void LogRefused(long userId, string room);
}
