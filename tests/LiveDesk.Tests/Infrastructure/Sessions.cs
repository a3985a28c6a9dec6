using LiveDesk.Client;
using LiveDesk.Contracts.Tickets;

namespace LiveDesk.Tests.Infrastructure;

/// <summary>Logged-in REST clients and ticket lookups the tests share.</summary>
public static class Sessions
{
    public static async Task<LiveDeskApiClient> LoginAsync(this ServerProcess server, string email)
    {
        var api = LiveDeskApiClient.Create(server.BaseAddress);
        await api.LoginAsync(email, Demo.Password);
        return api;
    }

    public static async Task<long> UserIdAsync(this LiveDeskApiClient staff, string email) =>
        (await staff.GetUsersAsync()).Single(u => u.Email == email).Id;

    public static async Task<long> TeamIdAsync(this LiveDeskApiClient api, string name) =>
        (await api.GetTeamsAsync()).Single(t => t.Name == name).Id;

    public static async Task<long> QueueIdAsync(this LiveDeskApiClient api, string name) =>
        (await api.GetQueuesAsync()).Single(q => q.Name == name).Id;

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

    /// <summary>A fresh ticket in the named queue, so a test never depends on another test's writes.</summary>
    public static async Task<TicketDto> NewTicketAsync(this LiveDeskApiClient staff, string queue, string title, long? requesterId = null) =>
        await staff.CreateTicketAsync(new CreateTicketRequest(title, "Created by a test.", await staff.QueueIdAsync(queue),
            TicketPriority.Normal, requesterId, null));
}
