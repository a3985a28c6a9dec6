using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.EventLog;
using LiveDesk.Server.Realtime.Rooms;

namespace LiveDesk.Server.Realtime.Connections;

/// <summary>What a live connection may do, whatever carries it: connect, subscribe, unsubscribe and resume. The
/// SignalR hub and the native WebSocket endpoint are framings of these, so access checks and replay are written once.
/// Scoped: one per hub invocation or per native request.</summary>
public sealed partial class LiveSessions(
    ConnectionRegistry registry,
    RoomAccessPolicy policy,
    ViewerLoader viewers,
    EventLogReader reader,
    ReplayGate replayGate,
    AccessTokenValidator tokens,
    ConnectionAccess access,
    InvocationLimiter invocations,
    Microsoft.Extensions.Options.IOptions<Infrastructure.LiveDeskOptions> limits,
    ILogger<LiveSessions> logger)
{
    /// <summary>Replay goes out in chunks so one message never grows past the connection's buffer.</summary>
    public const int ReplayChunkSize = 200;

    /// <summary>Registers the connection and joins its automatic rooms. Refused when the user no longer exists or was
    /// deactivated, or already has as many connections as allowed. The connection lives until its token expires,
    /// unless the client moves it to a fresh token first.</summary>
    public async Task<ConnectResult> ConnectAsync(AccessTokenIdentity identity, Func<Viewer, LiveConnection> create, CancellationToken ct)
    {
        if (invocations.CooldownLeft(identity.UserId) is { } left)
        {
            return new ConnectResult(null, ConnectRefusal.CoolingDown, InvocationLimiter.CoolingDown(left));
        }
        if (await viewers.LoadAsync(identity.UserId, ct) is not { } viewer)
        {
            return new ConnectResult(null, ConnectRefusal.UnknownUser, "Unknown or deactivated user.");
        }
        var connection = create(viewer);
        connection.SessionId = identity.SessionId;
        connection.ExpiresAt = identity.ExpiresAt;
        var cap = limits.Value.RateLimits.MaxConnectionsPerUser;
        if (!registry.TryAdd(connection, cap))
        {
            LogOverCap(viewer.UserId, cap);
            return new ConnectResult(null, ConnectRefusal.TooManyConnections, ConnectionRegistry.TooManyConnections(cap));
        }
        foreach (var room in policy.AutomaticRooms(viewer))
        {
            registry.Join(connection, room.Name);
        }
        return new ConnectResult(connection, null, null);
    }

    /// <summary>Moves a live connection to a fresh access token of the same user (after a refresh), so it outlives the
    /// old token without reconnecting: the same rooms, the same cursor, nothing missed.</summary>
    public async Task<SubscribeResult> ReauthenticateAsync(LiveConnection connection, string? token)
    {
        if (await tokens.ValidateAsync(token) is not { } identity)
        {
            return new SubscribeResult(false, "The access token is not valid (expired, malformed or from an ended session).");
        }
        if (identity.UserId != connection.Viewer.UserId)
        {
            return new SubscribeResult(false, "The access token belongs to another user; open a new connection for them.");
        }
        connection.SessionId = identity.SessionId;
        connection.ExpiresAt = identity.ExpiresAt;
        return new SubscribeResult(true, null);
    }

    public void Disconnect(string connectionId) => registry.Remove(connectionId);

    public LiveConnection? Find(string connectionId) => registry.Find(connectionId);

    public async Task<SubscribeResult> SubscribeAsync(LiveConnection connection, string room, CancellationToken ct)
    {
        if (!policy.TryResolve(room, out var parsed))
        {
            return new SubscribeResult(false, policy.UnknownRoom);
        }
        if (IsIn(connection, parsed.Name))
        {
            // Already in it: the rechecks take a connection out of a room the moment its access ends, so being in it
            // means the join was granted and still holds. A client re-subscribing in a loop costs no database read.
            return new SubscribeResult(true, null);
        }
        if (!await policy.CanJoinAsync(connection.Viewer, parsed, ct))
        {
            LogRefused(connection.Viewer.UserId, parsed.Name);
            return new SubscribeResult(false, RoomAccessPolicy.Refused);
        }
        foreach (var joined in await policy.GrantedExpansionAsync(connection.Viewer, parsed, ct))
        {
            registry.Join(connection, joined.Name);
        }
        return new SubscribeResult(true, null);
    }

    private static bool IsIn(LiveConnection connection, string room)
    {
        lock (connection.Rooms)
        {
            return connection.Rooms.Contains(room);
        }
    }

    public SubscribeResult Unsubscribe(LiveConnection connection, string room)
    {
        if (!policy.TryResolve(room, out var parsed))
        {
            return new SubscribeResult(false, policy.UnknownRoom);
        }
        foreach (var joined in policy.Expand(connection.Viewer, parsed))
        {
            registry.Leave(connection, joined.Name);
        }
        return new SubscribeResult(true, null);
    }

    /// <summary>Sends every event after <paramref name="cursor"/> for the connection's rooms through
    /// <paramref name="send"/>, oldest first and in chunks, then answers. A null cursor starts live from the head.</summary>
    /// <exception cref="ArgumentException">The cursor's epoch is too long.</exception>
    public async Task<ResumeResult> ResumeAsync(LiveConnection connection, Cursor? cursor,
        Func<EventEnvelope[], CancellationToken, Task> send, CancellationToken ct)
    {
        if (cursor is { Epoch.Length: > ProtocolLimits.MaxEpochLength })
        {
            throw new ArgumentException("The cursor's epoch is too long.", nameof(cursor));
        }
        using var slot = await replayGate.EnterAsync(ct);
        // The head before the access check: whatever committed after it (an event of a team the user just left) waits
        // for the next resume or the live path, both of which see the new access.
        var state = await reader.ReadStateAsync(ct);
        var rooms = await RecheckRoomsAsync(connection, ct);
        var result = await reader.ReadAsync(cursor, rooms, limit: null, ct, state);
        for (var start = 0; start < result.Events.Count; start += ReplayChunkSize)
        {
            await send(result.Events.Skip(start).Take(ReplayChunkSize).ToArray(), ct);
        }
        return new ResumeResult(result.Recovered, result.Head, result.Epoch);
    }

    /// <summary>Access may have changed since the rooms were joined (a ticket moved team, a member left): replay only
    /// for the rooms the connection may still be in, and drop the rest from live delivery too.</summary>
    private async Task<List<string>> RecheckRoomsAsync(LiveConnection connection, CancellationToken ct) =>
        await access.ReevaluateAsync(connection, ct) ?? throw new UnauthorizedAccessException("Unknown or deactivated user.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "User {UserId} was refused a live connection over the cap of {Cap}")]
    private partial void LogOverCap(long userId, int cap);

    [LoggerMessage(Level = LogLevel.Information, Message = "User {UserId} was refused room {Room}")]
    private partial void LogRefused(long userId, string room);
}

public enum ConnectRefusal
{
    UnknownUser,
    TooManyConnections,

    /// <summary>One of the user's connections was closed for flooding a moment ago.</summary>
    CoolingDown,
}

/// <summary>The new connection, or why there is none.</summary>
public sealed record ConnectResult(LiveConnection? Connection, ConnectRefusal? Refusal, string? Reason);
