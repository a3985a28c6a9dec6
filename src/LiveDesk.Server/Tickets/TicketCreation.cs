using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Tickets;

public static class TicketCreation
{
    public static async Task<IResult> CreateAsync(HttpContext http, CreateTicketRequest request, LiveDeskDb db, LiveWriter writer)
    {
        var viewer = await http.GetViewerAsync();
        if (viewer is null)
        {
            return TypedResults.Unauthorized();
        }
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        if (!viewer.IsStaff && (request.RequesterId is { } other && other != viewer.UserId || request.AssigneeId is not null))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                title: "Customers create tickets for themselves and cannot assign them.");
        }
        var ct = http.RequestAborted;
        var queue = request.QueueId is { } queueId
            ? await db.Queues.AsNoTracking().SingleOrDefaultAsync(q => q.Id == queueId, ct)
            : await db.Queues.AsNoTracking().Where(q => !q.Archived).OrderBy(q => q.Id).FirstOrDefaultAsync(ct);
        if (queue is null)
        {
            return TicketProblems.Invalid("queueId", "No such queue.");
        }
        if (queue.Archived)
        {
            return TicketProblems.Invalid("queueId", "That queue is archived and takes no new tickets.");
        }
        var requesterId = request.RequesterId ?? viewer.UserId;
        var requester = await db.Users.AsNoTracking().Where(u => u.Id == requesterId).Select(u => new { u.ContactId }).SingleOrDefaultAsync(ct);
        if (requester is null)
        {
            return TicketProblems.Invalid("requesterId", "No such user.");
        }
        if (request.AssigneeId is { } assigneeId
            && !await db.Users.AnyAsync(u => u.Id == assigneeId && u.Role != UserRole.Customer && u.DeactivatedAt == null, ct))
        {
            return TicketProblems.Invalid("assigneeId", "Tickets can only be assigned to active staff.");
        }

        var ticket = await writer.WriteAsync(async batch =>
        {
            var number = (await db.Tickets.MaxAsync(t => (long?)t.Number, ct) ?? 1000) + 1;
            var created = new Ticket
            {
                Number = number,
                Title = request.Title!.Trim(),
                Description = request.Description?.Trim() ?? "",
                Status = request.AssigneeId is null ? TicketStatus.New : TicketStatus.Open,
                Priority = request.Priority ?? TicketPriority.Normal,
                QueueId = queue.Id,
                TeamId = queue.TeamId,
                AssigneeId = request.AssigneeId,
                RequesterId = requesterId,
                ContactId = requester.ContactId,
                Version = 1,
                CreatedAt = batch.At,
                UpdatedAt = batch.At,
            };
            db.Tickets.Add(created);
            await db.SaveChangesAsync(ct);
            batch.Add(TicketEvents.Created(created, viewer.UserId));
            return created;
        }, ct);
        http.Response.Headers.ETag = IfMatch.ETagFor(ticket.Version);
        return TypedResults.Created($"/api/tickets/{ticket.Id}", ticket.ToDto());
    }

    private static Dictionary<string, string[]> Validate(CreateTicketRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Title))
        {
            errors["title"] = ["title is required."];
        }
        else if (request.Title.Length > TicketRules.MaxTitleLength)
        {
            errors["title"] = [$"title is at most {TicketRules.MaxTitleLength} characters."];
        }
        if (request.Description is { Length: > TicketRules.MaxDescriptionLength })
        {
            errors["description"] = [$"description is at most {TicketRules.MaxDescriptionLength} characters."];
        }
        return errors;
    }
}
