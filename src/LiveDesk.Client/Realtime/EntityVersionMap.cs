using System.Runtime.InteropServices;

namespace LiveDesk.Client;

internal readonly record struct EntityKey(string Entity, long Id);

/// <summary>The highest version seen per entity, bounded so a long-lived connection does not grow without end.
/// Eviction is by first sighting rather than LRU: cheaper, and forgetting an old entity only means one stale event
/// could slip through for it, which a REST refetch corrects. Not thread-safe; the owner locks.</summary>
internal sealed class EntityVersionMap(int capacity)
{
    private readonly Dictionary<EntityKey, long> _versions = [];
    private readonly Queue<EntityKey> _firstSeenOrder = new();

    /// <summary>Records <paramref name="version"/> unless a higher one is known. False means the version would go
    /// backwards.</summary>
    public bool TryAdvance(EntityKey key, long version)
    {
        ref var known = ref CollectionsMarshal.GetValueRefOrAddDefault(_versions, key, out var exists);
        if (exists)
        {
            if (version < known)
            {
                return false;
            }
            known = version;
            return true;
        }
        known = version;
        _firstSeenOrder.Enqueue(key);
        while (_versions.Count > capacity)
        {
            _versions.Remove(_firstSeenOrder.Dequeue());
        }
        return true;
    }

    public bool TryGet(EntityKey key, out long version) => _versions.TryGetValue(key, out version);

    public void Clear()
    {
        _versions.Clear();
        _firstSeenOrder.Clear();
    }
}
