using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;

namespace LiveDesk.Server.Realtime.Features;

/// <summary>Whether a viewer may be in a room, checked on every join, every replay and every HTTP event read. Must
/// give the same answer for "does not exist" and "not yours".</summary>
public delegate Task<bool> JoinRule(Viewer viewer, Room room, LiveDeskDb db, CancellationToken ct);

/// <summary>One kind of room, by its shape (<c>ticket:{id}</c>, <c>ticket:{id}:staff</c>, <c>role:{name}</c>).</summary>
/// <param name="Shape">As <see cref="Room.Shape"/> gives it for a room of this kind.</param>
/// <param name="Display">How error messages name it, e.g. <c>role:{role}</c>.</param>
/// <param name="CanJoin">The join rule.</param>
/// <param name="Expand">Further rooms a granted join also means (staff reading a ticket also need its internal
/// notes), without the room itself; null when a join is just the room.</param>
/// <param name="IsValidName">For named rooms: which names exist.</param>
/// <summary>An ephemeral signal a room kind carries (typing): relayed to the room's other connections, never logged or
/// replayed. <paramref name="MinInterval"/> throttles one connection; <paramref name="Ttl"/> tells clients how long it
/// holds.</summary>
public sealed record SignalDefinition(string Name, string RoomKind, TimeSpan Ttl, TimeSpan MinInterval);

public sealed record RoomKindDefinition(
    string Shape,
    string Display,
    JoinRule CanJoin,
    Func<Viewer, Room, IEnumerable<Room>>? Expand = null,
    Func<string, bool>? IsValidName = null)
{
    public bool Matches(Room room) =>
        room.Shape == Shape && (!room.IsNamed || IsValidName is null || IsValidName(room.Qualifier!));
}
