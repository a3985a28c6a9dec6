namespace LiveDesk.Server.Realtime.Connections;

/// <summary>One room's connections on this node. Joins and leaves are rare next to sends, so senders read an array
/// that is rebuilt only after the membership changed: a broadcast allocates nothing per member. A plain set under a
/// lock is also a fraction of a concurrent dictionary's size, and every user has a room of their own.</summary>
public sealed class RoomMembers
{
    private readonly HashSet<LiveConnection> _members = [];
    private LiveConnection[]? _snapshot;
    private bool _retired;

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

    /// <summary>Adds a member; false when this set was retired (its room emptied and left the registry), so the
    /// caller must use the room's new set.</summary>
    public bool TryAdd(LiveConnection connection)
    {
        lock (_members)
        {
            if (_retired)
            {
                return false;
            }
            if (_members.Add(connection))
            {
                _snapshot = null;
            }
            return true;
        }
    }

    /// <summary>Removes a member; true when that left the room empty and retired this set, so the registry drops it
    /// (a ticket's room must not outlive its last watcher for the node's whole uptime).</summary>
    public bool RemoveAndRetireIfEmpty(LiveConnection connection)
    {
        lock (_members)
        {
            if (_members.Remove(connection))
            {
                _snapshot = null;
            }
            if (_members.Count > 0 || _retired)
            {
                return false;
            }
            _retired = true;
            return true;
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
