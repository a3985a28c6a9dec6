using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using LiveDesk.Server.Tickets;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Administration;

/// <summary>Queues, managed by managers and admins. A queue moved to another team takes its tickets along (each a
/// ticket.updated with the new teamId, in the same write), so a queue and its tickets are always seen by the same
/// team. An archived queue takes no new tickets and leaves the pickers; its tickets stay.</summary>
public static class QueueAdminEndpoints
{
    public const string Refusal = "Managing queues is for managers and admins.";

    public static IEndpointRouteBuilder MapQueueAdministration(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/queues").RequireAuthorization().WithTags("Administration");
        group.MapPost("/", CreateAsync).WithSummary("Managers and admins: add a queue to a team.");
        group.MapPatch("/{id:long}", UpdateAsync)
            .WithSummary("Managers and admins: rename, move to another team (its tickets move too) or archive. Honours If-Match.");
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CreateQueueRequest request, LiveDeskDb db, LiveWriter writer)
    {
        var manager = await http.RequireManagerAsync(Refusal);
        if (manager.Viewer is not { } viewer)
        {
            return manager.Refusal!;
        }
        var errors = new Dictionary<string, string[]>();
        AdminRules.CheckName(errors, "name", request.Name, required: true);
        if (request.TeamId is null)
        {
            errors["teamId"] = ["teamId is required: the team that works the queue."];
        }
        else if (!await db.Teams.AnyAsync(t => t.Id == request.TeamId, http.RequestAborted))
        {
            errors["teamId"] = ["No such team."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        return await writer.WriteAsync<IResult>(async batch =>
        {
            var queue = new Queue { Name = request.Name!.Trim(), TeamId = request.TeamId!.Value, UpdatedAt = batch.At };
            db.Queues.Add(queue);
            await db.SaveChangesAsync(http.RequestAborted);
            batch.Add(AdminEvents.QueueCreated(queue, viewer.UserId));
            AuditLog.Record(db, batch, viewer.UserId, EventTypes.QueueCreated, EntityNames.Queue, queue.Id,
                $"Queue {queue.Name} added for team {queue.TeamId}");
            http.Response.Headers.ETag = IfMatch.ETagFor(queue.Version);
            return TypedResults.Created($"/api/queues/{queue.Id}", ToDto(queue));
        }, http.RequestAborted);
    }

    private static async Task<IResult> UpdateAsync(HttpContext http, long id, UpdateQueueRequest request, LiveDeskDb db, LiveWriter writer)
    {
        var manager = await http.RequireManagerAsync(Refusal);
        if (manager.Viewer is not { } viewer)
        {
            return manager.Refusal!;
        }
        var errors = new Dictionary<string, string[]>();
        AdminRules.CheckName(errors, "name", request.Name, required: false);
        if (request.TeamId is { } teamId && !await db.Teams.AnyAsync(t => t.Id == teamId, http.RequestAborted))
        {
            errors["teamId"] = ["No such team."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var audit = new Dictionary<string, object?[]>();
        return await VersionedWrite.RunAsync(http, writer, viewer, "queue",
            ct => db.Queues.SingleOrDefaultAsync(q => q.Id == id, ct), _ => true,
            async change =>
            {
                var queue = change.Entity;
                if (request.Name?.Trim() is { } name && name != queue.Name)
                {
                    audit["name"] = [queue.Name, name];
                }
                if (request.TeamId is { } newTeam && newTeam != queue.TeamId)
                {
                    audit["teamId"] = [queue.TeamId, newTeam];
                    await MoveTicketsAsync(db, change, queue.Id, newTeam, viewer.UserId, http.RequestAborted);
                }
                if (request.Archived is { } archived && archived != queue.Archived)
                {
                    audit["archived"] = [queue.Archived, archived];
                }
                change.Set(request.Name?.Trim(), queue.Name, v => queue.Name = v, "name");
                change.Set(request.TeamId, queue.TeamId, v => queue.TeamId = v, "teamId");
                change.Set(request.Archived, queue.Archived, v => queue.Archived = v, "archived");
                if (audit.Count > 0)
                {
                    AuditLog.Record(db, change.Batch, viewer.UserId, EventTypes.QueueUpdated, EntityNames.Queue, queue.Id,
                        $"Queue {queue.Name}: " + string.Join(", ", audit.Select(a => $"{a.Key} {a.Value[0]} → {a.Value[1]}")), audit);
                }
                return null;
            },
            change => AdminEvents.QueueChanged(change.Entity, viewer.UserId, change.Fields),
            queue => Task.FromResult<IResult>(TypedResults.Ok(ToDto(queue))));
    }

    /// <summary>Every ticket of the queue follows it to the new team: its team's rooms get it, the old team's rooms
    /// learn it left, and the old team's watchers of its rooms are checked again (the ticket feature's recheck).</summary>
    private static async Task MoveTicketsAsync(LiveDeskDb db, EntityChange<Queue> change, long queueId, long teamId, long actorId,
        CancellationToken ct)
    {
        foreach (var ticket in await db.Tickets.Where(t => t.QueueId == queueId && t.TeamId != teamId && t.DeletedAt == null).ToListAsync(ct))
        {
            var before = TicketRouting.Placement.Of(ticket);
            ticket.TeamId = teamId;
            ticket.Version++;
            ticket.UpdatedAt = change.At;
            change.Batch.Add(TicketEvents.Changed(EventTypes.TicketUpdated, ticket, before, actorId,
                new Dictionary<string, object?> { ["teamId"] = teamId }));
        }
    }

    public static QueueDto ToDto(Queue queue) => new(queue.Id, queue.Name, queue.TeamId, queue.Archived, queue.Version);
}
