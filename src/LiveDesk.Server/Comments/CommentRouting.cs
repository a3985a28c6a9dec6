using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Tickets;

namespace LiveDesk.Server.Comments;

/// <summary>Where a comment's event goes. An internal note goes to the ticket's staff room and never to a
/// customer's room; a public comment goes wherever the ticket's events go.</summary>
public static class CommentRouting
{
    public static IReadOnlyCollection<Room> RoomsFor(Ticket ticket, bool isInternal, bool requesterIsStaff,
        IEnumerable<long> mentionedUserIds)
    {
        var rooms = new HashSet<Room>
        {
            isInternal ? Room.TicketStaff(ticket.Id) : Room.Ticket(ticket.Id),
            Room.Queue(ticket.QueueId),
            Room.Team(ticket.TeamId),
            Room.ForRole(UserRole.Manager),
            Room.ForRole(UserRole.Admin),
        };
        if (ticket.AssigneeId is { } assignee)
        {
            rooms.Add(Room.User(assignee));
        }
        if (!isInternal || requesterIsStaff)
        {
            rooms.Add(Room.User(ticket.RequesterId));
        }
        foreach (var userId in mentionedUserIds)
        {
            rooms.Add(Room.User(userId));
        }
        return rooms;
    }
}
