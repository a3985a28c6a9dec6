using LiveDesk.Contracts.Tickets;

namespace LiveDesk.Client;

/// <summary>Whether a ticket belongs in a list with these filters: the server's rules for <c>GET /api/tickets</c>
/// (docs/api.md), so a live list can tell when a change takes a ticket out of it or brings one in.</summary>
internal sealed class TicketFilter(TicketQuery query, long? viewerId)
{
    // The fields whose change can move a ticket into or out of a filtered list.
    private static readonly string[] s_filteredFields = ["status", "queueId", "teamId", "assigneeId", "contactId", "title", "description"];

    private readonly string? _text = string.IsNullOrWhiteSpace(query.Q) ? null : query.Q.Trim().ToLowerInvariant();

    /// <summary>True when the list has no filter: every ticket the viewer may see belongs in it.</summary>
    public bool IsEverything =>
        string.IsNullOrEmpty(query.Assignee) && query.Status is null && query.QueueId is null && query.TeamId is null
        && query.ContactId is null && _text is null;

    public bool Matches(TicketDto ticket) =>
        MatchesAssignee(ticket.AssigneeId)
        && (query.Status is null || ticket.Status == query.Status)
        && (query.QueueId is null || ticket.QueueId == query.QueueId)
        && (query.TeamId is null || ticket.TeamId == query.TeamId)
        && (query.ContactId is null || ticket.ContactId == query.ContactId)
        && (_text is null || ticket.Title.ToLowerInvariant().Contains(_text, StringComparison.Ordinal)
            || ticket.Description.ToLowerInvariant().Contains(_text, StringComparison.Ordinal));

    /// <summary>Whether a change of these fields could bring a ticket the list does not hold into it.</summary>
    public bool CouldBringIn(IEnumerable<string> changedFields) =>
        IsEverything || changedFields.Any(field => s_filteredFields.Contains(field, StringComparer.Ordinal));

    private bool MatchesAssignee(long? assigneeId) => query.Assignee switch
    {
        null or "" => true,
        TicketQuery.Me => assigneeId is not null && assigneeId == viewerId,
        TicketQuery.Unassigned => assigneeId is null,
        var id => long.TryParse(id, out var wanted) && assigneeId == wanted,
    };
}
