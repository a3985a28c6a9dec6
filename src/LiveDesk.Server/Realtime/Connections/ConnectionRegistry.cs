using System.Collections.Concurrent;

namespace LiveDesk.Server.Realtime.Connections;

/// <summary>Which live connection is in which room, on this node. The dispatcher sends to connections it finds
/// here (not to SignalR groups) so a connection in several of an event's rooms gets the event once.</summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, LiveConnection> _connections = new();
    private readonly ConcurrentDictionary<string, RoomMembers> _rooms = new();

    public int ConnectionCount => _connections.Count;

    public int UserCount => _connections.Values.Select(c => c.Viewer.UserId).Distinct().Count();

    public int RoomCount => _rooms.Count(r => !r.Value.IsEmpty);

    public LiveConnection Add(LiveConnection connection)
    {
        _connections[connection.Id] = connection;
        return connection;
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
