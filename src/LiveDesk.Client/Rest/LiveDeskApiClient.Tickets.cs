using LiveDesk.Contracts.Tickets;

namespace LiveDesk.Client;

/// <remarks>Every write takes an optional version for <c>If-Match</c>: pass the version you last saw to get a
/// <see cref="LiveDeskApiException"/> with 412 instead of silently overwriting someone else's change.</remarks>
public sealed partial class LiveDeskApiClient
{
    public Task<TicketDto> CreateTicketAsync(CreateTicketRequest request, CancellationToken ct = default) =>
        SendAsync<TicketDto>(HttpMethod.Post, "api/tickets", request, ifMatchVersion: null, ct);

    public Task<TicketPage> ListTicketsAsync(TicketQuery? query = null, CancellationToken ct = default)
    {
        query ??= new TicketQuery();
        return GetAsync<TicketPage>("api/tickets" + Filters(query).Add("limit", query.Limit).Add("before", query.Before), ct);
    }

    /// <summary>What the list with these filters adds up to (paging ignored): compare with
    /// <see cref="TicketDigest.Of"/> over a cached list, once the cursor has reached <see cref="TicketDigest.Head"/>.</summary>
    public Task<TicketDigest> GetTicketDigestAsync(TicketQuery? query = null, CancellationToken ct = default)
    {
        return GetAsync<TicketDigest>("api/tickets/digest" + Filters(query ?? new TicketQuery()), ct);
    }

    /// <summary>A list's filters, shared by the list and its digest so the two always describe the same tickets.</summary>
    private static QueryString Filters(TicketQuery query) => new QueryString()
        .Add("assignee", query.Assignee)
        .AddEnum("status", query.Status)
        .Add("queueId", query.QueueId)
        .Add("teamId", query.TeamId)
        .Add("contactId", query.ContactId)
        .Add("q", query.Q);

    /// <summary>The body carries <see cref="TicketDto.Version"/>, the same value as the ETag header.</summary>
    public Task<TicketDto> GetTicketAsync(long id, CancellationToken ct = default) =>
        GetAsync<TicketDto>($"api/tickets/{Id(id)}", ct);

    public Task<TicketDto> UpdateTicketAsync(
        long id, UpdateTicketRequest request, long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<TicketDto>(HttpMethod.Patch, $"api/tickets/{Id(id)}", request, ifMatchVersion, ct);

    /// <param name="assigneeId">Null unassigns.</param>
    public Task<TicketDto> AssignAsync(long id, long? assigneeId, long? ifMatch = null, CancellationToken ct = default) =>
        SendAsync<TicketDto>(HttpMethod.Post, $"api/tickets/{Id(id)}/assign", new AssignTicketRequest(assigneeId), ifMatch, ct);

    /// <summary>Assigns the ticket to the logged-in user.</summary>
    public Task<TicketDto> ClaimAsync(long id, long? ifMatch = null, CancellationToken ct = default) =>
        SendAsync<TicketDto>(HttpMethod.Post, $"api/tickets/{Id(id)}/claim", content: null, ifMatch, ct);

    public Task<TicketDto> ChangeStatusAsync(
        long id, TicketStatus status, long? ifMatch = null, CancellationToken ct = default) =>
        SendAsync<TicketDto>(HttpMethod.Post, $"api/tickets/{Id(id)}/status", new ChangeStatusRequest(status), ifMatch, ct);

    public Task<TicketDto> ChangePriorityAsync(
        long id, TicketPriority priority, long? ifMatch = null, CancellationToken ct = default) =>
        SendAsync<TicketDto>(
            HttpMethod.Post, $"api/tickets/{Id(id)}/priority", new ChangePriorityRequest(priority), ifMatch, ct);

    public Task DeleteTicketAsync(long id, CancellationToken ct = default) =>
        SendWithoutResultAsync(HttpMethod.Delete, $"api/tickets/{Id(id)}", ct);

    /// <param name="isInternal">An internal note: visible to staff only, never to the customer.</param>
    public Task<CommentDto> AddCommentAsync(
        long ticketId, string body, bool isInternal = false, CancellationToken ct = default) =>
        SendAsync<CommentDto>(
            HttpMethod.Post, $"api/tickets/{Id(ticketId)}/comments", new CreateCommentRequest(body, isInternal), null, ct);

    public Task<IReadOnlyList<CommentDto>> GetCommentsAsync(long ticketId, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<CommentDto>>($"api/tickets/{Id(ticketId)}/comments", ct);
}
