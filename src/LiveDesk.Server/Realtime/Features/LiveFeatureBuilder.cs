using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Identity;

namespace LiveDesk.Server.Realtime.Features;

/// <summary>What <see cref="ILiveFeature.Describe"/> declares with.</summary>
public sealed class LiveFeatureBuilder
{
    internal List<RoomKindDefinition> RoomKinds { get; } = [];
    internal List<Func<Viewer, IEnumerable<Room>>> AutomaticRooms { get; } = [];
    internal List<string> EventTypes { get; } = [];
    internal List<AccessRecheck> Rechecks { get; } = [];
    internal List<SignalDefinition> Signals { get; } = [];
    internal List<Func<WriteReaction, Task>> Reactions { get; } = [];

    /// <summary>Work that follows from other features' events inside the same write (notifications): it runs after the
    /// write's events are appended and before it commits, and may add rows and events of its own.</summary>
    public LiveFeatureBuilder ReactsToWrites(Func<WriteReaction, Task> react)
    {
        Reactions.Add(react);
        return this;
    }

    /// <summary>An ephemeral signal (such as <c>typing</c>) that members of <c>kind:{id}</c> rooms may send to the
    /// room's other connections: authorized by being in the room, at most one per <paramref name="minInterval"/> per
    /// connection, valid for <paramref name="ttl"/>, never logged or replayed.</summary>
    public LiveFeatureBuilder Signal(string name, string roomKind, TimeSpan ttl, TimeSpan minInterval)
    {
        Signals.Add(new SignalDefinition(name, roomKind, ttl, minInterval));
        return this;
    }

    /// <summary>Rooms <c>kind:{id}</c>.</summary>
    public LiveFeatureBuilder NumberedRoom(string kind, JoinRule canJoin, Func<Viewer, Room, IEnumerable<Room>>? expand = null) =>
        Add(new RoomKindDefinition($"{kind}:{{id}}", $"{kind}:{{id}}", canJoin, expand));

    /// <summary>Rooms <c>kind:{id}:qualifier</c>, such as a ticket's staff side.</summary>
    public LiveFeatureBuilder QualifiedRoom(string kind, string qualifier, JoinRule canJoin) =>
        Add(new RoomKindDefinition($"{kind}:{{id}}:{qualifier}", $"{kind}:{{id}}:{qualifier}", canJoin));

    /// <summary>Rooms <c>kind:name</c> for the names <paramref name="isValidName"/> accepts, such as <c>role:manager</c>.</summary>
    public LiveFeatureBuilder NamedRoom(string kind, string nameHint, Func<string, bool> isValidName, JoinRule canJoin) =>
        Add(new RoomKindDefinition($"{kind}:{{name}}", $"{kind}:{{{nameHint}}}", canJoin, IsValidName: isValidName));

    /// <summary>Rooms every connection of a viewer joins without asking (and every replay covers).</summary>
    public LiveFeatureBuilder JoinsAutomatically(Func<Viewer, IEnumerable<Room>> rooms)
    {
        AutomaticRooms.Add(rooms);
        return this;
    }

    /// <summary>The event types this feature writes; writing an undeclared type fails.</summary>
    public LiveFeatureBuilder Events(params string[] types)
    {
        EventTypes.AddRange(types);
        return this;
    }

    /// <summary>Events that may take an entity out of some watchers' sight (it moved team, was reassigned, was
    /// deleted). After such an event is published, and before anything later is, every connection in
    /// <paramref name="rooms"/> whose viewer may no longer join them leaves them.</summary>
    public LiveFeatureBuilder RecheckAfter(Func<EventEnvelope, bool> mayChangeAccess, Func<EventEnvelope, IEnumerable<Room>> rooms)
    {
        Rechecks.Add(new AccessRecheck(mayChangeAccess, rooms));
        return this;
    }

    /// <summary>Events that may change what people may see as a whole (a role, a team membership, an account's state).
    /// After such an event is published, and before anything later is, every connection of the people
    /// <paramref name="people"/> names is decided again as of now: it joins the automatic rooms it gained, leaves every
    /// room it may no longer be in, and closes when the user is gone or deactivated.</summary>
    public LiveFeatureBuilder RecheckPeopleAfter(Func<EventEnvelope, bool> mayChangeAccess, Func<EventEnvelope, IEnumerable<long>> people)
    {
        Rechecks.Add(new AccessRecheck(mayChangeAccess, _ => [], people));
        return this;
    }

    private LiveFeatureBuilder Add(RoomKindDefinition definition)
    {
        RoomKinds.Add(definition);
        return this;
    }
}

/// <param name="People">Users whose every connection is decided again (<see cref="LiveFeatureBuilder.RecheckPeopleAfter"/>).</param>
public sealed record AccessRecheck(Func<EventEnvelope, bool> MayChangeAccess, Func<EventEnvelope, IEnumerable<Room>> Rooms,
    Func<EventEnvelope, IEnumerable<long>>? People = null);
