using LiveDesk.Contracts.Identity;
using LiveDesk.Server.Identity;

namespace LiveDesk.Server.Tickets;

/// <summary>Who may see which ticket. Used by REST queries, room joins and replay alike, so they cannot disagree.</summary>
public static class TicketAccess
{
    public static IQueryable<Ticket> VisibleTo(this IQueryable<Ticket> tickets, Viewer viewer)
    {
        var live = tickets.Where(t => t.DeletedAt == null);
        if (viewer.SeesEverything)
        {
            return live;
        }
        if (viewer.Role == UserRole.Customer)
        {
            return live.Where(t => t.RequesterId == viewer.UserId);
        }
        var teamIds = viewer.TeamIds.ToList();
        return live.Where(t => teamIds.Contains(t.TeamId) || t.AssigneeId == viewer.UserId);
    }

    public static bool CanView(this Viewer viewer, Ticket ticket) =>
        ticket.DeletedAt is null && (viewer.SeesEverything || viewer.Role switch
        {
            UserRole.Customer => ticket.RequesterId == viewer.UserId,
            _ => viewer.TeamIds.Contains(ticket.TeamId) || ticket.AssigneeId == viewer.UserId,
        });
}
