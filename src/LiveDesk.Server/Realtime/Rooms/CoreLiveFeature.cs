using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Realtime.Features;

namespace LiveDesk.Server.Realtime.Rooms;

/// <summary>The rooms of people rather than entities: a user's own room, a role's room and a team's room. Every
/// connection is in its own user, role and team rooms from the start.</summary>
public sealed class CoreLiveFeature : ILiveFeature
{
    public void Describe(LiveFeatureBuilder feature) => feature
        .NumberedRoom(RoomKinds.User, (viewer, room, _, _) => Task.FromResult(room.Id == viewer.UserId))
        .NamedRoom(RoomKinds.Role, "role", name => UserRoles.TryParse(name, out _),
            (viewer, room, _, _) => Task.FromResult(room.Role == viewer.Role || viewer.Role == UserRole.Admin))
        .NumberedRoom(RoomKinds.Team, (viewer, room, _, _) => Task.FromResult(viewer.SeesEverything || viewer.TeamIds.Contains(room.Id)))
        .JoinsAutomatically(AutomaticRooms);

    private static IEnumerable<Room> AutomaticRooms(Identity.Viewer viewer)
    {
        yield return Room.User(viewer.UserId);
        yield return Room.ForRole(viewer.Role);
        foreach (var teamId in viewer.TeamIds)
        {
            yield return Room.Team(teamId);
        }
    }
}
