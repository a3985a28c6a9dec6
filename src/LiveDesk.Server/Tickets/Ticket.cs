using LiveDesk.Contracts.Tickets;

namespace LiveDesk.Server.Tickets;

public sealed class Ticket
{
    public long Id { get; set; }
    public long Number { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public TicketStatus Status { get; set; }
    public TicketPriority Priority { get; set; }
    public long QueueId { get; set; }
    public long TeamId { get; set; }
    public long? AssigneeId { get; set; }
    public long RequesterId { get; set; }

    /// <summary>The requester as a CRM contact (the requester user's contact when the ticket was created); moves to
    /// the survivor when contacts are merged.</summary>
    public long? ContactId { get; set; }
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Soft delete: the row stays for the log and for audit, but leaves every list.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public TicketDto ToDto() => new(Id, Number, Title, Description, Status, Priority, QueueId, TeamId, AssigneeId,
        RequesterId, Version, CreatedAt, UpdatedAt, ContactId);
}
