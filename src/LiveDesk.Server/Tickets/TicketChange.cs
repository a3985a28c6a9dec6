using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Tickets;

/// <summary>One change to an existing ticket, inside the write transaction. <see cref="Emit"/> bumps the version and
/// appends the event; a change that emits nothing is a no-op and leaves the version alone.</summary>
public sealed class TicketChange(Ticket ticket, Viewer viewer, EventBatch batch, LiveDeskDb db)
{
    private readonly TicketRouting.Placement _before = TicketRouting.Placement.Of(ticket);

    public Ticket Ticket { get; } = ticket;
    public Viewer Viewer { get; } = viewer;
    public LiveDeskDb Db { get; } = db;

    /// <summary>The write's timestamp, shared by every field and event it touches.</summary>
    public DateTimeOffset At => batch.At;

    public void Emit(string type, Dictionary<string, object?> changes)
    {
        Ticket.Version++;
        Ticket.UpdatedAt = batch.At;
        batch.Add(TicketEvents.Changed(type, Ticket, _before, Viewer.UserId, changes));
    }

    /// <summary>Loads the ticket, checks that the caller may see it, is staff and holds the current version, then
    /// runs <paramref name="change"/>. Unseen tickets answer 404 whether or not they exist.</summary>
    public static async Task<IResult> RunAsync(HttpContext http, long id, LiveWriter writer, LiveDeskDb db,
        Func<TicketChange, Task<IResult?>> change)
    {
        var viewer = await http.GetViewerAsync();
        if (viewer is null)
        {
            return TypedResults.Unauthorized();
        }
        var ifMatch = IfMatch.From(http.Request);
        if (!ifMatch.Valid)
        {
            return TicketProblems.BadIfMatch();
        }
        return await writer.WriteAsync<IResult>(async batch =>
        {
            var ticket = await db.Tickets.SingleOrDefaultAsync(t => t.Id == id, http.RequestAborted);
            if (ticket is null || !viewer.CanView(ticket))
            {
                return TypedResults.NotFound();
            }
            if (!viewer.IsStaff)
            {
                return TicketProblems.StaffOnly();
            }
            if (!ifMatch.Allows(ticket.Version))
            {
                return TicketProblems.StaleVersion(ticket.Version);
            }
            var error = await change(new TicketChange(ticket, viewer, batch, db));
            if (error is not null)
            {
                return error;
            }
            http.Response.Headers.ETag = IfMatch.ETagFor(ticket.Version);
            return TypedResults.Ok(ticket.ToDto());
        }, http.RequestAborted);
    }
}
