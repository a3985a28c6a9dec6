using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Realtime.Connections;
using LiveDesk.Server.Realtime.EventLog;

namespace LiveDesk.Server.Realtime.Dispatch;

/// <summary>Works out who gets what from a batch of events: each connection gets each event once, however many of
/// the event's rooms it is in, and connections that get the same events share one send (serialized once).</summary>
public static class FanOut
{
    public static IEnumerable<(List<EventEnvelope> Envelopes, List<LiveConnection> Connections)> Plan(
        IReadOnlyList<CommittedEvent> events, ConnectionRegistry registry)
    {
        var perConnection = new Dictionary<LiveConnection, List<int>>(ReferenceEqualityComparer.Instance);
        for (var index = 0; index < events.Count; index++)
        {
            foreach (var room in events[index].Rooms)
            {
                foreach (var connection in registry.MembersOf(room))
                {
                    if (!perConnection.TryGetValue(connection, out var indices))
                    {
                        perConnection[connection] = indices = [];
                    }
                    if (indices.Count == 0 || indices[^1] != index)
                    {
                        indices.Add(index);
                    }
                }
            }
        }
        var groups = new Dictionary<string, (List<EventEnvelope>, List<LiveConnection>)>();
        foreach (var (connection, indices) in perConnection)
        {
            var key = string.Join(',', indices);
            if (!groups.TryGetValue(key, out var group))
            {
                group = (indices.Select(i => events[i].Envelope).ToList(), []);
                groups[key] = group;
            }
            group.Item2.Add(connection);
        }
        return groups.Values;
    }
}
