using LiveDesk.Contracts.Conversations;
using LiveDesk.Server.Infrastructure;

namespace LiveDesk.Server.Conversations;

/// <summary>A customer's thread on a channel, handled by a team and perhaps one assignee.</summary>
public sealed class Conversation : IVersionedEntity
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public long? ContactId { get; set; }
    public ConversationChannel Channel { get; set; }
    public string Subject { get; set; } = "";
    public long TeamId { get; set; }
    public long? AssigneeId { get; set; }
    public ConversationStatus Status { get; set; }
    public bool Archived { get; set; }

    /// <summary>When the last message was written. Not versioned, like a ticket's comments: message.created carries it.</summary>
    public DateTimeOffset LastMessageAt { get; set; }
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public ConversationDto ToDto() => new(Id, CustomerId, ContactId, Channel, Subject, TeamId, AssigneeId, Status, Archived,
        LastMessageAt, Version, CreatedAt, UpdatedAt);
}

public sealed class Message
{
    public long Id { get; set; }
    public long ConversationId { get; set; }
    public MessageDirection Direction { get; set; }
    public long AuthorId { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public MessageDto ToDto() => new(Id, ConversationId, Direction, AuthorId, Body, CreatedAt);
}
