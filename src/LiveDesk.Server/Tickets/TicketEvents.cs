using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Realtime.EventLog;

namespace LiveDesk.Server.Tickets;

public static class TicketEvents
{
    public static PendingEvent Created(Ticket ticket, long actorId) => new(
        EventTypes.TicketCreated, EntityNames.Ticket, ticket.Id, ticket.Version, actorId,
        new Dictionary<string, object?>
        {
            ["number"] = ticket.Number,
            ["title"] = ticket.Title,
            ["description"] = ticket.Description,
            ["status"] = ticket.Status,
            ["priority"] = ticket.Priority,
            ["queueId"] = ticket.QueueId,
            ["teamId"] = ticket.TeamId,
            ["assigneeId"] = ticket.AssigneeId,
            ["requesterId"] = ticket.RequesterId,
            ["contactId"] = ticket.ContactId,
            ["createdAt"] = ticket.CreatedAt,
            ["updatedAt"] = ticket.UpdatedAt,
        },
        TicketRouting.RoomsFor(ticket));

    /// <summary>An event for a change to an existing ticket; <c>updatedAt</c> is always among the changes.</summary>
    public static PendingEvent Changed(string type, Ticket ticket, TicketRouting.Placement before, long actorId,
        Dictionary<string, object?> changes)
    {
        changes["updatedAt"] = ticket.UpdatedAt;
        return new PendingEvent(type, EntityNames.Ticket, ticket.Id, ticket.Version, actorId, changes,
            TicketRouting.RoomsFor(ticket, before));
    }
}
