using LiveDesk.Client;
using LiveDesk.Contracts.Tickets;

namespace LiveDesk.E2E.Infrastructure;

public static class Rest
{
    /// <summary>What GET /api/tickets says, all pages, in the server's order (newest first).</summary>
    public static async Task<List<TicketDto>> AllTicketsAsync(this LiveDeskApiClient api, TicketQuery? query = null)
    {
        var tickets = new List<TicketDto>();
        long? before = null;
        do
        {
            var page = await api.ListTicketsAsync((query ?? new TicketQuery()) with { Limit = 200, Before = before });
            tickets.AddRange(page.Items);
            before = page.NextBefore;
        } while (before is not null);
        return tickets;
    }
}
