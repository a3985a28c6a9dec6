using LiveDesk.Contracts.Tickets;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Tickets;

public static class TicketQueries
{
    public static async Task<Results<Ok<TicketPage>, ValidationProblem, UnauthorizedHttpResult>> ListAsync(
        HttpContext http, LiveDeskDb db,
        string? assignee, string? status, long? queueId, long? teamId, string? q, int? limit, long? before, long? contactId = null)
    {
        var viewer = await http.GetViewerAsync();
        if (viewer is null)
        {
            return TypedResults.Unauthorized();
        }
        var errors = new Dictionary<string, string[]>();
        var tickets = Filter(db, viewer, assignee, status, queueId, teamId, q, contactId, errors);
        var pageSize = limit ?? TicketRules.DefaultPageSize;
        if (pageSize is < 1 or > TicketRules.MaxPageSize)
        {
            errors["limit"] = [$"limit must be between 1 and {TicketRules.MaxPageSize}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var ct = http.RequestAborted;
        var total = await tickets.CountAsync(ct);
        var page = tickets;
        if (before is not null)
        {
            page = page.Where(t => t.Id < before);
        }
        var items = await page.OrderByDescending(t => t.Id).Take(pageSize + 1).ToListAsync(ct);
        var hasMore = items.Count > pageSize;
        var dtos = items.Take(pageSize).Select(t => t.ToDto()).ToList();
        return TypedResults.Ok(new TicketPage(dtos, total, hasMore ? dtos[^1].Id : null));
    }

    /// <summary>The tickets a list shows: visible to the viewer, narrowed by the list's filters. The list and its
    /// digest use the same, so a digest always describes exactly the list.</summary>
    private static IQueryable<Ticket> Filter(LiveDeskDb db, Viewer viewer, string? assignee, string? status, long? queueId, long? teamId,
        string? q, long? contactId, Dictionary<string, string[]> errors)
    {
        var tickets = db.Tickets.AsNoTracking().VisibleTo(viewer);
        tickets = FilterByAssignee(tickets, assignee, viewer, errors);
        tickets = FilterByStatus(tickets, status, errors);
        if (queueId is not null)
        {
            tickets = tickets.Where(t => t.QueueId == queueId);
        }
        if (teamId is not null)
        {
            tickets = tickets.Where(t => t.TeamId == teamId);
        }
        if (contactId is not null)
        {
            tickets = tickets.Where(t => t.ContactId == contactId);
        }
        if (!string.IsNullOrWhiteSpace(q))
        {
            if (q.Length > TicketRules.MaxSearchLength)
            {
                errors["q"] = [$"q is at most {TicketRules.MaxSearchLength} characters."];
            }
            var text = q.Trim().ToLower();
            tickets = tickets.Where(t => t.Title.ToLower().Contains(text) || t.Description.ToLower().Contains(text));
        }
        return tickets;
    }

    /// <summary><c>GET /api/tickets/digest</c>: what a client's cached list should add up to, cheaply: how many tickets
    /// match the list's filters and a checksum of their (id, version) pairs (<see cref="TicketDigest.Of"/>), with the
    /// log's head read first, so a client compares once its cursor has reached that head. A mismatch means the cache
    /// drifted: refetch the list.</summary>
    public static async Task<Results<Ok<TicketDigest>, ValidationProblem, UnauthorizedHttpResult>> DigestAsync(
        HttpContext http, LiveDeskDb db, Realtime.EventLog.EventLogReader reader,
        string? assignee, string? status, long? queueId, long? teamId, string? q, long? contactId = null)
    {
        var viewer = await http.GetViewerAsync();
        if (viewer is null)
        {
            return TypedResults.Unauthorized();
        }
        var errors = new Dictionary<string, string[]>();
        var tickets = Filter(db, viewer, assignee, status, queueId, teamId, q, contactId, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var ct = http.RequestAborted;
        var state = await reader.ReadStateAsync(ct);
        var pairs = await tickets.Select(t => new { t.Id, t.Version }).ToListAsync(ct);
        return TypedResults.Ok(new TicketDigest(pairs.Count, TicketDigest.Of(pairs.Select(p => (p.Id, p.Version))), state.Head, state.Epoch));
    }

    public static async Task<Results<Ok<TicketDto>, NotFound, UnauthorizedHttpResult>> GetAsync(
        HttpContext http, LiveDeskDb db, long id)
    {
        var viewer = await http.GetViewerAsync();
        if (viewer is null)
        {
            return TypedResults.Unauthorized();
        }
        var ticket = await db.Tickets.AsNoTracking().VisibleTo(viewer).SingleOrDefaultAsync(t => t.Id == id, http.RequestAborted);
        if (ticket is null)
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.ETag = IfMatch.ETagFor(ticket.Version);
        return TypedResults.Ok(ticket.ToDto());
    }

    private static IQueryable<Ticket> FilterByAssignee(IQueryable<Ticket> tickets, string? assignee, Viewer viewer,
        Dictionary<string, string[]> errors)
    {
        switch (assignee)
        {
            case null or "":
                return tickets;
            case "me":
                return tickets.Where(t => t.AssigneeId == viewer.UserId);
            case "unassigned":
                return tickets.Where(t => t.AssigneeId == null);
            default:
                if (long.TryParse(assignee, out var id))
                {
                    return tickets.Where(t => t.AssigneeId == id);
                }
                errors["assignee"] = ["assignee must be me, unassigned or a user id."];
                return tickets;
        }
    }

    private static IQueryable<Ticket> FilterByStatus(IQueryable<Ticket> tickets, string? status, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(status))
        {
            return tickets;
        }
        var wanted = new List<TicketStatus>();
        foreach (var name in status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!WireNames.TryParse<TicketStatus>(name, out var parsed))
            {
                errors["status"] = [$"Unknown status. Expected one or more of: {string.Join(", ", WireNames.All<TicketStatus>())}."];
                return tickets;
            }
            wanted.Add(parsed);
        }
        return tickets.Where(t => wanted.Contains(t.Status));
    }
}
