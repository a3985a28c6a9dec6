using System.Text.Json.Serialization;

namespace LiveDesk.Contracts.Tickets;

public sealed record TicketDto(
    long Id,
    long Number,
    string Title,
    string Description,
    TicketStatus Status,
    TicketPriority Priority,
    long QueueId,
    long TeamId,
    long? AssigneeId,
    long RequesterId,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long? ContactId = null);

/// <summary>A page of tickets, newest first. Pass <see cref="NextBefore"/> as <c>before</c> for the next page;
/// keyset paging stays stable while tickets are created.</summary>
public sealed record TicketPage(IReadOnlyList<TicketDto> Items, int Total, long? NextBefore);

public sealed record CreateTicketRequest(
    string? Title,
    string? Description,
    long? QueueId,
    TicketPriority? Priority,
    long? RequesterId,
    long? AssigneeId);

/// <summary>Fields a PATCH may change; a null field is left as it is. Assignment has its own action.</summary>
public sealed record UpdateTicketRequest(
    string? Title = null,
    string? Description = null,
    TicketStatus? Status = null,
    TicketPriority? Priority = null,
    long? QueueId = null);

/// <summary><c>assigneeId</c> must be present; <c>null</c> unassigns. A body without it is a 400, not a silent unassign.</summary>
public sealed record AssignTicketRequest([property: JsonRequired] long? AssigneeId);

public sealed record ChangeStatusRequest(TicketStatus? Status);

public sealed record ChangePriorityRequest(TicketPriority? Priority);

public sealed record CommentDto(
    long Id,
    long TicketId,
    long AuthorId,
    string Body,
    bool Internal,
    IReadOnlyList<long> MentionedUserIds,
    DateTimeOffset CreatedAt);

public sealed record CreateCommentRequest(string? Body, bool Internal = false);
