using System.Collections.Concurrent;

namespace LiveDesk.Server.Realtime.Connections;

/// <summary>Which live connection is in which room, on this node. The dispatcher sends to connections it finds
/// here (not to SignalR groups) so a connection in several of an event's rooms gets the event once.</summary>
public sealed class ConnectionRegistry
{
    private readonly ConcurrentDictionary<string, LiveConnection> _connections = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, LiveConnection>> _rooms = new();

    public int ConnectionCount => _connections.Count;

    public int UserCount => _connections.Values.Select(c => c.Viewer.UserId).Distinct().Count();

    public int RoomCount => _rooms.Count(r => !r.Value.IsEmpty);

    public LiveConnection Add(LiveConnection connection)
    {
        _connections[connection.Id] = connection;
        return connection;
    }

    public LiveConnection? Find(string connectionId) => _connections.GetValueOrDefault(connectionId);

    public void Join(LiveConnection connection, string room)
    {
        lock (connection.Rooms)
        {
            connection.Rooms.Add(room);
        }
        _rooms.GetOrAdd(room, _ => new ConcurrentDictionary<string, LiveConnection>())[connection.Id] = connection;
    }

    public void Leave(LiveConnection connection, string room)
    {
        lock (connection.Rooms)
        {
            connection.Rooms.Remove(room);
        }
        if (_rooms.TryGetValue(room, out var members))
        {
            members.TryRemove(connection.Id, out _);
        }
    }

    public void Remove(string connectionId)
    {
        if (!_connections.TryRemove(connectionId, out var connection))
        {
            return;
        }
        foreach (var room in connection.RoomsSnapshot())
        {
            if (_rooms.TryGetValue(room, out var members))
            {
                members.TryRemove(connectionId, out _);
            }
        }
    }

    public IEnumerable<LiveConnection> MembersOf(string room) =>
        _rooms.TryGetValue(room, out var members) ? members.Values : [];
}
