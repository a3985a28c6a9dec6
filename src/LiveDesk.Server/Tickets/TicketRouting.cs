using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Server.Tickets;

/// <summary>Where a ticket's events go. The previous queue, team and assignee are included so that whoever loses
/// sight of the ticket hears about it and can drop it from their lists.</summary>
public static class TicketRouting
{
    public sealed record Placement(long QueueId, long TeamId, long? AssigneeId)
    {
        public static Placement Of(Ticket ticket) => new(ticket.QueueId, ticket.TeamId, ticket.AssigneeId);
    }

    public static IReadOnlyCollection<Room> RoomsFor(Ticket ticket, Placement? before = null)
    {
        var rooms = new HashSet<Room>
        {
            Room.Ticket(ticket.Id),
            Room.Queue(ticket.QueueId),
            Room.Team(ticket.TeamId),
            Room.User(ticket.RequesterId),
            Room.ForRole(UserRole.Manager),
            Room.ForRole(UserRole.Admin),
        };
        if (ticket.AssigneeId is { } assignee)
        {
            rooms.Add(Room.User(assignee));
        }
        if (before is not null)
        {
            rooms.Add(Room.Queue(before.QueueId));
            rooms.Add(Room.Team(before.TeamId));
            if (before.AssigneeId is { } previous)
            {
                rooms.Add(Room.User(previous));
            }
        }
        return rooms;
    }
}
