using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.EventLog;
using LiveDesk.Server.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Comments;

public static class CommentEndpoints
{
    public static IEndpointRouteBuilder MapComments(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tickets/{ticketId:long}/comments").RequireAuthorization().WithTags("Comments");
        group.MapGet("/", ListAsync).WithSummary("Comments on a ticket, oldest first; customers see public ones only.");
        group.MapGet("/{commentId:long}", GetAsync).WithSummary("One comment; internal notes are staff only.");
        group.MapPost("/", CreateAsync).WithSummary("Add a comment or (staff) an internal note; @email mentions are resolved.");
        return app;
    }

    private static async Task<Results<Ok<List<CommentDto>>, NotFound, UnauthorizedHttpResult>> ListAsync(
        HttpContext http, LiveDeskDb db, long ticketId)
    {
        var viewer = await http.GetViewerAsync();
        if (viewer is null)
        {
            return TypedResults.Unauthorized();
        }
        var ct = http.RequestAborted;
        if (!await db.Tickets.VisibleTo(viewer).AnyAsync(t => t.Id == ticketId, ct))
        {
            return TypedResults.NotFound();
        }
        var comments = db.Comments.AsNoTracking().Where(c => c.TicketId == ticketId);
        if (!viewer.IsStaff)
        {
            comments = comments.Where(c => !c.Internal);
        }
        var list = await comments.OrderBy(c => c.Id).ToListAsync(ct);
        return TypedResults.Ok(list.Select(c => c.ToDto()).ToList());
    }

    private static async Task<Results<Ok<CommentDto>, NotFound, UnauthorizedHttpResult>> GetAsync(
        HttpContext http, LiveDeskDb db, long ticketId, long commentId)
    {
        var viewer = await http.GetViewerAsync();
        if (viewer is null)
        {
            return TypedResults.Unauthorized();
        }
        var ct = http.RequestAborted;
        var comment = await db.Comments.AsNoTracking().SingleOrDefaultAsync(c => c.Id == commentId && c.TicketId == ticketId, ct);
        if (comment is null || (comment.Internal && !viewer.IsStaff) || !await db.Tickets.VisibleTo(viewer).AnyAsync(t => t.Id == ticketId, ct))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(comment.ToDto());
    }

    private static async Task<IResult> CreateAsync(HttpContext http, long ticketId, CreateCommentRequest request,
        LiveDeskDb db, LiveWriter writer, ViewerLoader viewers)
    {
        var viewer = await http.GetViewerAsync();
        if (viewer is null)
        {
            return TypedResults.Unauthorized();
        }
        if (string.IsNullOrWhiteSpace(request.Body) || request.Body.Length > TicketRules.MaxCommentLength)
        {
            return TicketProblems.Invalid("body", $"body must be 1 to {TicketRules.MaxCommentLength} characters.");
        }
        var ct = http.RequestAborted;
        var ticket = await db.Tickets.AsNoTracking().VisibleTo(viewer).SingleOrDefaultAsync(t => t.Id == ticketId, ct);
        if (ticket is null)
        {
            return TypedResults.NotFound();
        }
        if (request.Internal && !viewer.IsStaff)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Customers cannot write internal notes.");
        }
        // A mention only reaches someone who may read the comment: mentioning an outsider must not leak it.
        var mentioned = new List<long>();
        foreach (var candidate in await viewers.LoadByEmailsAsync(Mentions.ParseEmails(request.Body), ct))
        {
            if (candidate.CanView(ticket) && (!request.Internal || candidate.IsStaff))
            {
                mentioned.Add(candidate.UserId);
            }
        }
        var requesterIsStaff = await db.Users.AnyAsync(u => u.Id == ticket.RequesterId && u.Role != UserRole.Customer, ct);

        var comment = await writer.WriteAsync(async batch =>
        {
            var created = new Comment
            {
                TicketId = ticket.Id,
                AuthorId = viewer.UserId,
                Body = request.Body,
                Internal = request.Internal,
                MentionedUserIds = mentioned,
                CreatedAt = batch.At,
            };
            db.Comments.Add(created);
            await db.SaveChangesAsync(ct);
            batch.Add(new PendingEvent(EventTypes.CommentCreated, EntityNames.Comment, created.Id, 1, viewer.UserId,
                new Dictionary<string, object?>
                {
                    ["ticketId"] = created.TicketId,
                    ["authorId"] = created.AuthorId,
                    ["body"] = created.Body,
                    ["internal"] = created.Internal,
                    ["mentionedUserIds"] = created.MentionedUserIds,
                    ["createdAt"] = created.CreatedAt,
                },
                CommentRouting.RoomsFor(ticket, created.Internal, requesterIsStaff, mentioned)));
            return created;
        }, ct);
        return TypedResults.Created($"/api/tickets/{ticketId}/comments/{comment.Id}", comment.ToDto());
    }
}
