using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Tickets;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Realtime.Rooms;

/// <summary>Decides who may be in which room. Checked on every join, every replay and every HTTP event read.</summary>
public sealed class RoomAccessPolicy(LiveDeskDb db)
{
    /// <summary>Same answer for "does not exist" and "not yours", so a refusal leaks nothing.</summary>
    public const string Refused = "You may not join this room.";

    public const string UnknownRoom = "Unknown room name. Expected user:{id}, role:{role}, team:{id}, queue:{id}, ticket:{id} or ticket:{id}:staff.";

    /// <summary>The rooms every connection of this viewer joins without asking.</summary>
    public static IEnumerable<Room> AutomaticRooms(Viewer viewer)
    {
        yield return Room.User(viewer.UserId);
        yield return Room.ForRole(viewer.Role);
        foreach (var teamId in viewer.TeamIds)
        {
            yield return Room.Team(teamId);
        }
    }

    /// <summary>The rooms a granted join really means: staff reading a ticket also need its internal notes, which
    /// never go to the public ticket room. The hub, HTTP replay and SSE all expand joins here.</summary>
    public static IEnumerable<Room> Expand(Viewer viewer, Room room)
    {
        yield return room;
        if (room.Kind == RoomKind.Ticket && viewer.IsStaff)
        {
            yield return Room.TicketStaff(room.Id);
        }
    }

    public async Task<bool> CanJoinAsync(Viewer viewer, Room room, CancellationToken ct)
    {
        switch (room.Kind)
        {
            case RoomKind.User:
                return room.Id == viewer.UserId;
            case RoomKind.Role:
                return room.Role == viewer.Role || viewer.Role == UserRole.Admin;
            case RoomKind.Team:
                return viewer.SeesEverything || viewer.TeamIds.Contains(room.Id);
            case RoomKind.Queue:
                if (!viewer.IsStaff)
                {
                    return false;
                }
                var teamId = await db.Queues.AsNoTracking().Where(q => q.Id == room.Id).Select(q => (long?)q.TeamId).SingleOrDefaultAsync(ct);
                return teamId is not null && (viewer.SeesEverything || viewer.TeamIds.Contains(teamId.Value));
            case RoomKind.Ticket:
            case RoomKind.TicketStaff:
                if (room.Kind == RoomKind.TicketStaff && !viewer.IsStaff)
                {
                    return false;
                }
                var ticket = await db.Tickets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == room.Id, ct);
                return ticket is not null && viewer.CanView(ticket);
            default:
                return false;
        }
    }

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
