using System.Collections.Concurrent;

namespace LiveDesk.Server.Realtime.Connections;

/// <summary>Which live connection is in which room, on this node. The dispatcher sends to connections it finds
/// here (not to SignalR groups) so a connection in several of an event's rooms gets the event once.</summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, LiveConnection> _connections = new();
    private readonly ConcurrentDictionary<string, RoomMembers> _rooms = new();
    private readonly ConcurrentDictionary<long, int> _perUser = new();

    /// <summary>Why the connection over a user's cap is refused; clients show it and back off.</summary>
    public static string TooManyConnections(int cap) =>
        $"Too many live connections: at most {cap} per user (tabs, devices and integrations together). Close one and try again.";

    public int ConnectionCount => _connections.Count;

    public int UserCount => _perUser.Count;

    /// <summary>How many connections the user has open on this node.</summary>
    public int CountOf(long userId) => _perUser.GetValueOrDefault(userId);

    public int RoomCount => _rooms.Count(r => !r.Value.IsEmpty);

    /// <summary>Registers the connection unless its user already has <paramref name="maxPerUser"/> open: the count is
    /// taken and raised in one step, so racing connects cannot overshoot it.</summary>
    public bool TryAdd(LiveConnection connection, int maxPerUser)
    {
        var userId = connection.Viewer.UserId;
        while (true)
        {
            var current = _perUser.GetOrAdd(userId, 0);
            if (current >= maxPerUser)
            {
                return false;
            }
            if (_perUser.TryUpdate(userId, current + 1, current))
            {
                break;
            }
        }
        _connections[connection.Id] = connection;
        return true;
    }

    public LiveConnection? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    /// <summary>Every connection on this node, as the dictionary enumerates it (safe during changes).</summary>
    public IEnumerable<LiveConnection> All() => _connections.Values;

    public void Join(LiveConnection connection, string room)
    {
        lock (connection.Rooms)
        {
            connection.Rooms.Add(room);
        }
        while (true)
        {
            var members = _rooms.GetOrAdd(room, _ => new RoomMembers());
            if (members.TryAdd(connection))
            {
                return;
            }
            // Retired by a leave that has not dropped it yet: drop it here, and the next GetOrAdd makes a fresh set.
            _rooms.TryRemove(new KeyValuePair<string, RoomMembers>(room, members));
        }
    }

    public void Leave(LiveConnection connection, string room)
    {
        lock (connection.Rooms)
        {
            connection.Rooms.Remove(room);
        }
        LeaveRoom(connection, room);
    }

    public void Remove(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var connection))
        {
            return;
        }
        var userId = connection.Viewer.UserId;
        if (_perUser.AddOrUpdate(userId, 0, (_, count) => count - 1) <= 0)
        {
            _perUser.TryRemove(new KeyValuePair<long, int>(userId, 0));
        }
        foreach (var room in connection.RoomsSnapshot())
        {
            LeaveRoom(connection, room);
        }
    }

    private void LeaveRoom(LiveConnection connection, string room)
    {
        if (_rooms.TryGetValue(room, out var members) && members.RemoveAndRetireIfEmpty(connection))
        {
            // Only this set: a join may already have put a fresh one in its place.
            _rooms.TryRemove(new KeyValuePair<string, RoomMembers>(room, members));
        }
    }

    /// <summary>The room's connections now, as a shared array that callers must not change.</summary>
    public IReadOnlyList<LiveConnection> MembersOf(string room) =>
        _rooms.TryGetValue(room, out var members) ? members.Snapshot() : [];
}
