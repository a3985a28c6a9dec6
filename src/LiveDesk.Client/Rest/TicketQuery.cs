using LiveDesk.Contracts.Tickets;

namespace LiveDesk.Client;

/// <summary>Filters for <c>GET /api/tickets</c>. Null fields are not sent.</summary>
/// <param name="Assignee"><see cref="Me"/>, <see cref="Unassigned"/> or a user id (see <see cref="AssignedTo"/>).</param>
/// <param name="Q">Free-text search.</param>
/// <param name="Before">The <see cref="TicketPage.NextBefore"/> of the previous page.</param>
public sealed record TicketQuery(
    string? Assignee = null,
    TicketStatus? Status = null,
    long? QueueId = null,
    long? TeamId = null,
    string? Q = null,
    int? Limit = null,
    long? Before = null,
    long? ContactId = null)
{
    public const string Me = "me";
    public const string Unassigned = "unassigned";

    public static TicketQuery AssignedTo(long userId) =>
        new(Assignee: userId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
