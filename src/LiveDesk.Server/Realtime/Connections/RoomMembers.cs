namespace LiveDesk.Server.Realtime.Connections;

/// <summary>One room's connections on this node. Joins and leaves are rare next to sends, so senders read an array
/// that is rebuilt only after the membership changed: a broadcast allocates nothing per member. A plain set under a
/// lock is also a fraction of a concurrent dictionary's size, and every user has a room of their own.</summary>
public sealed class RoomMembers
{
    private readonly HashSet<LiveConnection> _members = [];
    private LiveConnection[]? _snapshot;

    public bool IsEmpty
    {
        get
        {
            lock (_members)
            {
                return _members.Count == 0;
            }
        }
    }

    public void Add(LiveConnection connection)
    {
        lock (_members)
        {
            if (_members.Add(connection))
            {
                _snapshot = null;
            }
        }
    }

    public void Remove(LiveConnection connection)
    {
        lock (_members)
        {
            if (_members.Remove(connection))
            {
                _snapshot = null;
            }
        }
    }

    /// <summary>The members now; the array is shared, so callers must not change it.</summary>
    public LiveConnection[] Snapshot()
    {
        lock (_members)
        {
            return _snapshot ??= [.. _members];
        }
    }
}
