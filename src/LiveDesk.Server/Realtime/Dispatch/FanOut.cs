using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Realtime.Connections;
using LiveDesk.Server.Realtime.EventLog;

namespace LiveDesk.Server.Realtime.Dispatch;

/// <summary>Works out who gets what from a batch of events: each connection gets each event once, however many of
/// the event's rooms it is in, and connections that get the same events share one send (serialized once).</summary>
public static class FanOut
{
    public static List<(EventEnvelope[] Envelopes, IReadOnlyList<LiveConnection> Connections)> Plan(
        IReadOnlyList<CommittedEvent> events, ConnectionRegistry registry)
    {
        if (events.Count == 1)
        {
            return [([events[0].Envelope], AudienceOf(events[0], registry))];
        }
        return PlanMany(events, registry);
    }

    /// <summary>One event, the usual batch: its rooms' members, each once. A single room's member array is used as
    /// it is, so a broadcast to one room does no work per connection here.</summary>
    private static IReadOnlyList<LiveConnection> AudienceOf(CommittedEvent committed, ConnectionRegistry registry)
    {
        var rooms = committed.Rooms;
        IReadOnlyList<LiveConnection>? only = null;
        HashSet<LiveConnection>? union = null;
        foreach (var room in rooms)
        {
            var members = registry.MembersOf(room);
            if (members.Count == 0)
            {
                continue;
            }
            if (only is null && union is null)
            {
                only = members;
                continue;
            }
            union ??= [.. only!];
            union.UnionWith(members);
        }
        return union is not null ? [.. union] : only ?? [];
    }

    /// <summary>Several events: connections are grouped by the exact list of events they get. Each connection moves
    /// from the group of "the events so far" to the group that also has this event; groups are shared through a
    /// transition table, so the cost is one dictionary entry per connection, with no per-connection lists or keys.</summary>
    private static List<(EventEnvelope[], IReadOnlyList<LiveConnection>)> PlanMany(
        IReadOnlyList<CommittedEvent> events, ConnectionRegistry registry)
    {
        const int none = -1;
        var groupOf = new Dictionary<LiveConnection, int>();
        var groups = new List<(int Parent, int LastEvent)>();
        var transitions = new Dictionary<(int From, int Event), int>();
        for (var index = 0; index < events.Count; index++)
        {
            foreach (var room in events[index].Rooms)
            {
                foreach (var connection in registry.MembersOf(room))
                {
                    var from = groupOf.GetValueOrDefault(connection, none);
                    if (from != none && groups[from].LastEvent == index)
                    {
                        continue; // already has this event through another of its rooms
                    }
                    if (!transitions.TryGetValue((from, index), out var to))
                    {
                        to = groups.Count;
                        groups.Add((from, index));
                        transitions[(from, index)] = to;
                    }
                    groupOf[connection] = to;
                }
            }
        }
        var members = new List<LiveConnection>?[groups.Count];
        foreach (var (connection, group) in groupOf)
        {
            (members[group] ??= []).Add(connection);
        }
        var plan = new List<(EventEnvelope[], IReadOnlyList<LiveConnection>)>();
        for (var group = 0; group < groups.Count; group++)
        {
            if (members[group] is { } connections)
            {
                plan.Add((EnvelopesOf(group, groups, events), connections));
            }
        }
        return plan;
    }

    private static EventEnvelope[] EnvelopesOf(int group, List<(int Parent, int LastEvent)> groups, IReadOnlyList<CommittedEvent> events)
    {
        var envelopes = new List<EventEnvelope>();
        for (var g = group; g != -1; g = groups[g].Parent)
        {
            envelopes.Add(events[groups[g].LastEvent].Envelope);
        }
        envelopes.Reverse();
        return [.. envelopes];
    }
}
