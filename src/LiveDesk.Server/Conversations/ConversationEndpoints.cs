using LiveDesk.Contracts.Conversations;
using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Conversations;

/// <summary>Conversations and their messages. Customers start and continue their own from the portal; staff answer,
/// assign, resolve and archive from the inbox. A conversation the caller may not see is a 404 everywhere.</summary>
public static class ConversationEndpoints
{
    public static IEndpointRouteBuilder MapConversations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/conversations").RequireAuthorization().WithTags("Conversations");
        group.MapGet("/", ListAsync).WithSummary("The caller's conversations (a customer's own; staff: their teams' and assigned), by last message; filter by status and archived.");
        group.MapGet("/{id:long}", GetAsync).WithSummary("One conversation, with its version as ETag.");
        group.MapPost("/", StartAsync).WithSummary("Start a conversation with its first message.");
        group.MapGet("/{id:long}/messages", MessagesAsync).WithSummary("The conversation's messages, oldest first.");
        group.MapPost("/{id:long}/messages", PostMessageAsync).WithSummary("Write in the conversation: in from its customer, out from staff.");
        group.MapPost("/{id:long}/assign", AssignAsync).WithSummary("Staff: give the conversation to a staff member, or null to unassign. Honours If-Match.");
        group.MapPost("/{id:long}/status", ChangeStatusAsync).WithSummary("Staff: open, pending or resolved. Honours If-Match.");
        group.MapPost("/{id:long}/archive", (HttpContext http, long id, LiveDeskDb db, LiveWriter writer) => SetArchivedAsync(http, id, db, writer, true))
            .WithSummary("Staff: take it out of the inbox. Honours If-Match.");
        group.MapPost("/{id:long}/unarchive", (HttpContext http, long id, LiveDeskDb db, LiveWriter writer) => SetArchivedAsync(http, id, db, writer, false))
            .WithSummary("Staff: bring it back into the inbox. Honours If-Match.");
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, LiveDeskDb db, string? status, bool? archived, int? limit, long? before)
    {
        if (await http.GetViewerAsync() is not { } viewer)
        {
            return TypedResults.Unauthorized();
        }
        var (pageSize, errors) = Crm.CrmPaging.Check(limit, null);
        ConversationStatus? statusFilter = null;
        if (status is not null)
        {
            if (WireNames.TryParse<ConversationStatus>(status, out var parsed))
            {
                statusFilter = parsed;
            }
            else
            {
                errors["status"] = [$"status must be one of {string.Join(", ", WireNames.All<ConversationStatus>())}."];
            }
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var conversations = db.Conversations.AsNoTracking().VisibleTo(viewer);
        if (statusFilter is { } s)
        {
            conversations = conversations.Where(c => c.Status == s);
        }
        if (archived is { } wantArchived)
        {
            conversations = conversations.Where(c => c.Archived == wantArchived);
        }
        var ct = http.RequestAborted;
        var total = await conversations.CountAsync(ct);
        var page = before is null ? conversations : conversations.Where(c => c.Id < before);
        var items = await page.OrderByDescending(c => c.Id).Take(pageSize + 1).ToListAsync(ct);
        var dtos = items.Take(pageSize).Select(c => c.ToDto()).ToList();
        return TypedResults.Ok(new ConversationPage(dtos, total, items.Count > pageSize ? dtos[^1].Id : null));
    }

    private static async Task<IResult> GetAsync(HttpContext http, long id, LiveDeskDb db)
    {
        if (await http.GetViewerAsync() is not { } viewer)
        {
            return TypedResults.Unauthorized();
        }
        var conversation = await db.Conversations.AsNoTracking().VisibleTo(viewer).SingleOrDefaultAsync(c => c.Id == id, http.RequestAborted);
        if (conversation is null)
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.ETag = IfMatch.ETagFor(conversation.Version);
        return TypedResults.Ok(conversation.ToDto());
    }

    private static async Task<IResult> MessagesAsync(HttpContext http, long id, LiveDeskDb db)
    {
        if (await http.GetViewerAsync() is not { } viewer)
        {
            return TypedResults.Unauthorized();
        }
        var ct = http.RequestAborted;
        if (!await db.Conversations.VisibleTo(viewer).AnyAsync(c => c.Id == id, ct))
        {
            return TypedResults.NotFound();
        }
        var messages = await db.Messages.AsNoTracking().Where(m => m.ConversationId == id).OrderBy(m => m.Id).ToListAsync(ct);
        return TypedResults.Ok(messages.Select(m => m.ToDto()).ToList());
    }

    private static async Task<IResult> StartAsync(HttpContext http, StartConversationRequest request, LiveDeskDb db, LiveWriter writer)
    {
        if (await http.GetViewerAsync() is not { } viewer)
        {
            return TypedResults.Unauthorized();
        }
        var ct = http.RequestAborted;
        var errors = ConversationRules.Validate(request.Body, request.Subject);
        if (!viewer.IsStaff && (request.CustomerId is { } other && other != viewer.UserId || request.TeamId is not null))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Customers start conversations for themselves.");
        }
        var customerId = viewer.IsStaff ? request.CustomerId : viewer.UserId;
        var customer = customerId is null ? null
            : await db.Users.AsNoTracking().Where(u => u.Id == customerId && u.Role == UserRole.Customer)
                .Select(u => new { u.Id, u.ContactId }).SingleOrDefaultAsync(ct);
        if (customer is null)
        {
            errors["customerId"] = [viewer.IsStaff ? "Staff start a conversation with a customer: customerId is required." : "No such customer."];
        }
        // A customer's conversation goes to the team of the first queue, where new tickets go too.
        var teamId = request.TeamId ?? await db.Queues.OrderBy(q => q.Id).Select(q => (long?)q.TeamId).FirstOrDefaultAsync(ct);
        if (teamId is null || !await db.Teams.AnyAsync(t => t.Id == teamId, ct) || (viewer.IsStaff && !viewer.SeesEverything && !viewer.TeamIds.Contains(teamId.Value)))
        {
            errors["teamId"] = ["No such team of yours."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var conversation = await writer.WriteAsync(async batch =>
        {
            var started = new Conversation
            {
                CustomerId = customer!.Id,
                ContactId = customer.ContactId,
                Channel = request.Channel ?? ConversationChannel.Web,
                Subject = request.Subject?.Trim() ?? "",
                TeamId = teamId!.Value,
                Status = ConversationStatus.Open,
                LastMessageAt = batch.At,
                Version = 1,
                CreatedAt = batch.At,
                UpdatedAt = batch.At,
            };
            db.Conversations.Add(started);
            await db.SaveChangesAsync(ct);
            batch.Add(ConversationEvents.Created(started, viewer.UserId));
            await AddMessageAsync(db, batch, started, viewer, request.Body!, ct);
            return started;
        }, ct);
        http.Response.Headers.ETag = IfMatch.ETagFor(conversation.Version);
        return TypedResults.Created($"/api/conversations/{conversation.Id}", conversation.ToDto());
    }

    private static async Task<IResult> PostMessageAsync(HttpContext http, long id, PostMessageRequest request, LiveDeskDb db, LiveWriter writer)
    {
        if (await http.GetViewerAsync() is not { } viewer)
        {
            return TypedResults.Unauthorized();
        }
        var errors = ConversationRules.Validate(request.Body, null);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var ct = http.RequestAborted;
        return await writer.WriteAsync<IResult>(async batch =>
        {
            var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == id, ct);
            if (conversation is null || !viewer.CanView(conversation))
            {
                return TypedResults.NotFound();
            }
            // The customer writing again reopens a resolved conversation and brings it back from the archive.
            if (!viewer.IsStaff && (conversation.Status == ConversationStatus.Resolved || conversation.Archived))
            {
                var before = (conversation.TeamId, conversation.AssigneeId);
                var change = new EntityChange<Conversation>(conversation, viewer, batch);
                change.Set(ConversationStatus.Open, conversation.Status, v => conversation.Status = v, "status");
                change.Set(false, conversation.Archived, v => conversation.Archived = v, "archived");
                conversation.Version++;
                conversation.UpdatedAt = batch.At;
                change.Fields["updatedAt"] = batch.At;
                batch.Add(ConversationEvents.Changed(EventTypes.ConversationStatusChanged, change, before.TeamId, before.AssigneeId));
            }
            var message = await AddMessageAsync(db, batch, conversation, viewer, request.Body!, ct);
            return TypedResults.Created($"/api/conversations/{id}/messages/{message.Id}", message.ToDto());
        }, ct);
    }

    private static async Task<Message> AddMessageAsync(LiveDeskDb db, EventBatch batch, Conversation conversation, Viewer author,
        string body, CancellationToken ct)
    {
        var message = new Message
        {
            ConversationId = conversation.Id,
            Direction = author.IsStaff ? MessageDirection.Out : MessageDirection.In,
            AuthorId = author.UserId,
            Body = body.Trim(),
            CreatedAt = batch.At,
        };
        db.Messages.Add(message);
        conversation.LastMessageAt = batch.At;
        await db.SaveChangesAsync(ct);
        batch.Add(ConversationEvents.MessageCreated(conversation, message));
        return message;
    }

    private static async Task<IResult> AssignAsync(HttpContext http, long id, AssignConversationRequest request, LiveDeskDb db, LiveWriter writer) =>
        await ChangeAsync(http, id, db, writer, EventTypes.ConversationAssigned, async change =>
        {
            var conversation = change.Entity;
            if (request.AssigneeId is { } assigneeId
                && !await db.Users.AnyAsync(u => u.Id == assigneeId && u.Role != UserRole.Customer, http.RequestAborted))
            {
                return VersionedWrite.Invalid("assigneeId", "Conversations can only be assigned to staff.");
            }
            if (request.AssigneeId != conversation.AssigneeId)
            {
                conversation.AssigneeId = request.AssigneeId;
                change.Fields["assigneeId"] = request.AssigneeId;
            }
            return null;
        });

    private static async Task<IResult> ChangeStatusAsync(HttpContext http, long id, ChangeConversationStatusRequest request, LiveDeskDb db, LiveWriter writer)
    {
        if (request.Status is not { } status)
        {
            return VersionedWrite.Invalid("status", $"status is required: one of {string.Join(", ", WireNames.All<ConversationStatus>())}.");
        }
        return await ChangeAsync(http, id, db, writer, EventTypes.ConversationStatusChanged, change =>
        {
            change.Set(status, change.Entity.Status, v => change.Entity.Status = v, "status");
            return Task.FromResult<IResult?>(null);
        });
    }

    private static Task<IResult> SetArchivedAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer, bool archived) =>
        ChangeAsync(http, id, db, writer, archived ? EventTypes.ConversationArchived : EventTypes.ConversationUnarchived, change =>
        {
            change.Set(archived, change.Entity.Archived, v => change.Entity.Archived = v, "archived");
            return Task.FromResult<IResult?>(null);
        });

    /// <summary>A staff change with If-Match: customers may see their conversation but not manage it (403).</summary>
    private static async Task<IResult> ChangeAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer, string eventType,
        Func<EntityChange<Conversation>, Task<IResult?>> change)
    {
        if (await http.GetViewerAsync() is not { } viewer)
        {
            return TypedResults.Unauthorized();
        }
        long previousTeamId = 0;
        long? previousAssigneeId = null;
        return await VersionedWrite.RunAsync(http, writer, viewer, "conversation",
            ct => db.Conversations.SingleOrDefaultAsync(c => c.Id == id, ct), viewer.CanView,
            pending =>
            {
                if (!viewer.IsStaff)
                {
                    return Task.FromResult<IResult?>(TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
                        title: "Only staff manage conversations."));
                }
                (previousTeamId, previousAssigneeId) = (pending.Entity.TeamId, pending.Entity.AssigneeId);
                return change(pending);
            },
            pending => ConversationEvents.Changed(eventType, pending, previousTeamId, previousAssigneeId),
            conversation => Task.FromResult<IResult>(TypedResults.Ok(conversation.ToDto())));
    }
}
