namespace LiveDesk.Server.Tickets;

public static class TicketEndpoints
{
    public static IEndpointRouteBuilder MapTickets(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tickets").RequireAuthorization().WithTags("Tickets");
        group.MapPost("/", TicketCreation.CreateAsync).WithSummary("Create a ticket. Customers create tickets for themselves.");
        group.MapGet("/", TicketQueries.ListAsync).WithSummary("List the tickets the caller may see, newest first, with keyset paging.");
        group.MapGet("/digest", TicketQueries.DigestAsync)
            .WithSummary("Count and (id, version) checksum of the tickets a list with these filters shows, for a client's periodic cache check.");
        group.MapGet("/{id:long}", TicketQueries.GetAsync).WithSummary("One ticket, with its version as ETag.");
        group.MapPatch("/{id:long}", TicketActions.UpdateAsync).WithSummary("Change title, description, status, priority or queue. Honours If-Match.");
        group.MapPost("/{id:long}/assign", TicketActions.AssignAsync).WithSummary("Assign to a staff member; null unassigns.");
        group.MapPost("/{id:long}/claim", TicketActions.ClaimAsync).WithSummary("Assign to yourself; 409 if someone else has it.");
        group.MapPost("/{id:long}/status", TicketActions.ChangeStatusAsync);
        group.MapPost("/{id:long}/priority", TicketActions.ChangePriorityAsync);
        group.MapDelete("/{id:long}", TicketActions.DeleteAsync).WithSummary("Soft delete (managers and admins).");
        return app;
    }
}
