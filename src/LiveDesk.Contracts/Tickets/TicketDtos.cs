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

/// <summary>What a list's cache should add up to (<c>GET /api/tickets/digest</c>): <paramref name="Count"/> tickets whose
/// (id, version) pairs give <paramref name="Checksum"/>, as of the log's <paramref name="Head"/>.</summary>
public sealed record TicketDigest(int Count, long Checksum, long Head, string Epoch)
{
    /// <summary>The sum of <c>id × 1,000,003 + version</c> over the tickets, wrapping at 2^63, so a client computes the
    /// same from its cache in any language (JavaScript: BigInt, or exact doubles below 2^53 for a desk's sizes).</summary>
    public static long Of(IEnumerable<(long Id, long Version)> tickets)
    {
        var sum = 0L;
        foreach (var (id, version) in tickets)
        {
            sum = unchecked(sum + id * 1_000_003 + version);
        }
        return sum;
    }
}

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
