using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.Features;

namespace LiveDesk.Server.Realtime.Rooms;

/// <summary>Decides who may be in which room, by the join rule of the feature that declared the room's kind. Checked
/// on every join, every replay and every HTTP event read.</summary>
public sealed class RoomAccessPolicy(LiveFeatures features, LiveDeskDb db)
{
    /// <summary>Same answer for "does not exist" and "not yours", so a refusal leaks nothing.</summary>
    public const string Refused = "You may not join this room.";

    /// <summary>"Unknown room name. Expected user:{id}, ..." listing every declared kind.</summary>
    public string UnknownRoom => features.UnknownRoomMessage;

    /// <summary>Parses a room name of a declared kind; false for bad syntax and unknown kinds alike. (Not named
    /// TryParse: minimal APIs would take this class for a bindable parameter type.)</summary>
    public bool TryResolve(string? name, out Room room) => features.TryResolve(name, out room, out _);

    /// <summary>The rooms every connection of this viewer joins without asking.</summary>
    public IEnumerable<Room> AutomaticRooms(Viewer viewer) => features.AutomaticRooms(viewer);

    /// <summary>The rooms a granted join really means. The hub, HTTP replay and SSE all expand joins here.</summary>
    public IEnumerable<Room> Expand(Viewer viewer, Room room) => features.Expand(viewer, room);

    /// <summary>The rooms a join of <paramref name="room"/> (already granted) puts the viewer in: the room itself,
    /// and each room it expands to that the viewer may join by that room's own rule.</summary>
    public async Task<List<Room>> GrantedExpansionAsync(Viewer viewer, Room room, CancellationToken ct)
    {
        var granted = new List<Room>();
        foreach (var joined in Expand(viewer, room))
        {
            if (joined == room || await CanJoinAsync(viewer, joined, ct))
            {
                granted.Add(joined);
            }
        }
        return granted;
    }

    public async Task<bool> CanJoinAsync(Viewer viewer, Room room, CancellationToken ct) =>
        features.TryFind(room, out var kind) && await kind!.CanJoin(viewer, room, db, ct);

    /// <summary>The subset of <paramref name="rooms"/> the viewer may still be in.</summary>
    public async Task<List<Room>> FilterAsync(Viewer viewer, IEnumerable<Room> rooms, CancellationToken ct)
    {
        var allowed = new List<Room>();
        foreach (var room in rooms)
        {
            if (await CanJoinAsync(viewer, room, ct))
            {
                allowed.Add(room);
            }
        }
        return allowed;
    }
}
