using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.Rooms;

namespace LiveDesk.Server.Realtime.Connections;

/// <summary>Decides a live connection's rooms again, as of now: its user's role, teams and state are read from the
/// database, it joins the automatic rooms it gained (a new team), and leaves every room it may no longer be in (a team
/// it left, that team's tickets, a role room). Used on every resume, and by the dispatcher right after an event that
/// changed someone's access.</summary>
public sealed class ConnectionAccess(ConnectionRegistry registry, RoomAccessPolicy policy, ViewerLoader viewers, ConnectionLifetimes lifetimes)
{
    /// <summary>The rooms the connection is in now; null when its user no longer exists or was deactivated, in which
    /// case the connection is closed.</summary>
    public async Task<List<string>?> ReevaluateAsync(LiveConnection connection, CancellationToken ct)
    {
        if (await viewers.LoadAsync(connection.Viewer.UserId, ct) is not { } viewer)
        {
            lifetimes.Close(connection, ConnectionLifetimes.UserDeactivated);
            return null;
        }
        connection.Viewer = viewer;
        foreach (var room in policy.AutomaticRooms(viewer))
        {
            registry.Join(connection, room.Name);
        }
        var allowed = new List<string>();
        foreach (var name in connection.RoomsSnapshot())
        {
            if (policy.TryResolve(name, out var room) && await policy.CanJoinAsync(viewer, room, ct))
            {
                allowed.Add(name);
            }
            else
            {
                registry.Leave(connection, name);
            }
        }
        return allowed;
    }
}
