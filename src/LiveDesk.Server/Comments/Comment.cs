using LiveDesk.Contracts.Tickets;

namespace LiveDesk.Server.Comments;

public sealed class Comment
{
    public long Id { get; set; }
    public long TicketId { get; set; }
    public long AuthorId { get; set; }
    public required string Body { get; set; }

    /// <summary>An internal note: staff only, never routed to a customer's room.</summary>
    public bool Internal { get; set; }

    public List<long> MentionedUserIds { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }

    public CommentDto ToDto() => new(Id, TicketId, AuthorId, Body, Internal, MentionedUserIds, CreatedAt);
}
