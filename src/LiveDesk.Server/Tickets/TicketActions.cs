using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Server.Data;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Tickets;

/// <summary>Every change to an existing ticket. Each goes through <see cref="TicketChange.RunAsync"/>, so each checks
/// visibility, staff role and If-Match the same way, and a change to the current value is a no-op.</summary>
public static class TicketActions
{
    public static Task<IResult> AssignAsync(HttpContext http, long id, AssignTicketRequest request, LiveDeskDb db, LiveWriter writer) =>
        TicketChange.RunAsync(http, id, writer, db, change => AssignToAsync(change, request.AssigneeId));

    public static Task<IResult> ClaimAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer) =>
        TicketChange.RunAsync(http, id, writer, db, change =>
        {
            if (change.Ticket.AssigneeId is { } current && current != change.Viewer.UserId)
            {
                return Task.FromResult<IResult?>(TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                    title: "The ticket is already assigned to someone else.",
                    detail: "Use assign to take it over."));
            }
            return AssignToAsync(change, change.Viewer.UserId);
        });

    public static Task<IResult> ChangeStatusAsync(HttpContext http, long id, ChangeStatusRequest request, LiveDeskDb db, LiveWriter writer)
    {
        if (request.Status is not { } status)
        {
            return Task.FromResult(TicketProblems.Invalid("status", $"status is required: one of {string.Join(", ", WireNames.All<TicketStatus>())}."));
        }
        return TicketChange.RunAsync(http, id, writer, db, change =>
        {
            if (change.Ticket.Status != status)
            {
                change.Ticket.Status = status;
                change.Emit(EventTypes.TicketStatusChanged, new() { ["status"] = status });
            }
            return Task.FromResult<IResult?>(null);
        });
    }

    public static Task<IResult> ChangePriorityAsync(HttpContext http, long id, ChangePriorityRequest request, LiveDeskDb db, LiveWriter writer)
    {
        if (request.Priority is not { } priority)
        {
            return Task.FromResult(TicketProblems.Invalid("priority", "priority is required: one of low, normal, high, urgent."));
        }
        return TicketChange.RunAsync(http, id, writer, db, change =>
        {
            if (change.Ticket.Priority != priority)
            {
                change.Ticket.Priority = priority;
                change.Emit(EventTypes.TicketPriorityChanged, new() { ["priority"] = priority });
            }
            return Task.FromResult<IResult?>(null);
        });
    }

    public static Task<IResult> UpdateAsync(HttpContext http, long id, UpdateTicketRequest request, LiveDeskDb db, LiveWriter writer)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Title is not null && (string.IsNullOrWhiteSpace(request.Title) || request.Title.Length > TicketRules.MaxTitleLength))
        {
            errors["title"] = [$"title must be 1 to {TicketRules.MaxTitleLength} characters."];
        }
        if (request.Description is { Length: > TicketRules.MaxDescriptionLength })
        {
            errors["description"] = [$"description is at most {TicketRules.MaxDescriptionLength} characters."];
        }
        if (errors.Count > 0)
        {
            return Task.FromResult<IResult>(TypedResults.ValidationProblem(errors));
        }
        return TicketChange.RunAsync(http, id, writer, db, async change =>
        {
            var ticket = change.Ticket;
            var changes = new Dictionary<string, object?>();
            if (request.QueueId is { } queueId && queueId != ticket.QueueId)
            {
                var queue = await change.Db.Queues.AsNoTracking().SingleOrDefaultAsync(q => q.Id == queueId, http.RequestAborted);
                if (queue is null)
                {
                    return TicketProblems.Invalid("queueId", "No such queue.");
                }
                if (queue.Archived)
                {
                    return TicketProblems.Invalid("queueId", "That queue is archived and takes no new tickets.");
                }
                ticket.QueueId = queue.Id;
                changes["queueId"] = queue.Id;
                if (ticket.TeamId != queue.TeamId)
                {
                    ticket.TeamId = queue.TeamId;
                    changes["teamId"] = queue.TeamId;
                }
            }
            if (request.Title?.Trim() is { } title && title != ticket.Title)
            {
                ticket.Title = title;
                changes["title"] = title;
            }
            if (request.Description is { } description && description != ticket.Description)
            {
                ticket.Description = description;
                changes["description"] = description;
            }
            if (request.Status is { } status && status != ticket.Status)
            {
                ticket.Status = status;
                changes["status"] = status;
            }
            if (request.Priority is { } priority && priority != ticket.Priority)
            {
                ticket.Priority = priority;
                changes["priority"] = priority;
            }
            if (changes.Count > 0)
            {
                change.Emit(EventTypes.TicketUpdated, changes);
            }
            return null;
        });
    }

    public static Task<IResult> DeleteAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer) =>
        TicketChange.RunAsync(http, id, writer, db, change =>
        {
            if (!change.Viewer.SeesEverything)
            {
                return Task.FromResult<IResult?>(TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                    title: "Only managers and admins may delete tickets."));
            }
            change.Ticket.DeletedAt = change.At;
            change.Emit(EventTypes.TicketDeleted, new() { ["deletedAt"] = change.Ticket.DeletedAt });
            return Task.FromResult<IResult?>(TypedResults.NoContent());
        });

    private static async Task<IResult?> AssignToAsync(TicketChange change, long? assigneeId)
    {
        if (assigneeId is { } id && !await change.Db.Users.AnyAsync(u => u.Id == id && u.Role != UserRole.Customer && u.DeactivatedAt == null))
        {
            return TicketProblems.Invalid("assigneeId", "Tickets can only be assigned to active staff.");
        }
        if (change.Ticket.AssigneeId != assigneeId)
        {
            change.Ticket.AssigneeId = assigneeId;
            if (change.Ticket.Status == TicketStatus.New && assigneeId is not null)
            {
                change.Ticket.Status = TicketStatus.Open;
                change.Emit(EventTypes.TicketAssigned, new() { ["assigneeId"] = assigneeId, ["status"] = TicketStatus.Open });
            }
            else
            {
                change.Emit(EventTypes.TicketAssigned, new() { ["assigneeId"] = assigneeId });
            }
        }
        return null;
    }
}
