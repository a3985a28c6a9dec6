using LiveDesk.Contracts.Notifications;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Notifications;

/// <summary>A user's own notifications. Everyone signed in has them; another user's notification is a 404, exactly
/// like one that does not exist. Every change is an event in the owner's <c>user:{id}</c> room.</summary>
public static class NotificationEndpoints
{
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").RequireAuthorization().WithTags("Notifications");
        group.MapGet("/", ListAsync).WithSummary("The caller's notifications, newest first, paged by id (before); unread=true and type filter. Snoozed ones appear when their time is up.");
        group.MapGet("/{id:long}", GetAsync).WithSummary("One of the caller's notifications (404 for anyone else's).");
        group.MapGet("/unread-count", CountAsync).WithSummary("How many unread notifications the list shows now.");
        group.MapPost("/{id:long}/read", (HttpContext http, long id, LiveDeskDb db, LiveWriter writer) => MarkAsync(http, id, db, writer, read: true))
            .WithSummary("Mark one read.");
        group.MapPost("/{id:long}/unread", (HttpContext http, long id, LiveDeskDb db, LiveWriter writer) => MarkAsync(http, id, db, writer, read: false))
            .WithSummary("Mark one unread again.");
        group.MapPost("/read-all", ReadAllAsync).WithSummary("Mark every unread one read; answers how many.");
        group.MapPost("/{id:long}/snooze", SnoozeAsync).WithSummary("Hide one until a time in the future (at most 30 days ahead).");
        group.MapDelete("/{id:long}", DeleteAsync).WithSummary("Delete one.");
        group.MapDelete("/", ClearAsync).WithSummary("Clear: delete every read one (read=true is required).");
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, LiveDeskDb db, TimeProvider time, bool? unread, string? type, long? before, int? limit)
    {
        if (await http.GetViewerAsync() is not { } viewer)
        {
            return TypedResults.Unauthorized();
        }
        var pageSize = limit ?? 50;
        var errors = new Dictionary<string, string[]>();
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxPageSize}."];
        }
        if (type is not null && !NotificationTypes.All.Contains(type))
        {
            errors["type"] = [$"Unknown type '{type}'. Known: {string.Join(", ", NotificationTypes.All)}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var query = Showing(db, viewer.UserId, time.GetUtcNow());
        if (unread == true)
        {
            query = query.Where(n => n.ReadAt == null);
        }
        if (type is not null)
        {
            query = query.Where(n => n.Type == type);
        }
        if (before is not null)
        {
            query = query.Where(n => n.Id < before);
        }
        var rows = await query.OrderByDescending(n => n.Id).Take(pageSize + 1).ToListAsync(http.RequestAborted);
        var items = rows.Take(pageSize).Select(n => n.ToDto()).ToList();
        return TypedResults.Ok(new NotificationPage(items, rows.Count > pageSize ? items[^1].Id : null));
    }

    private static async Task<IResult> GetAsync(HttpContext http, long id, LiveDeskDb db)
    {
        if (await http.GetViewerAsync() is not { } viewer)
        {
            return TypedResults.Unauthorized();
        }
        var notification = await db.Notifications.AsNoTracking().SingleOrDefaultAsync(n => n.Id == id && n.UserId == viewer.UserId, http.RequestAborted);
        return notification is null ? TypedResults.NotFound() : TypedResults.Ok(notification.ToDto());
    }

    private static async Task<IResult> CountAsync(HttpContext http, LiveDeskDb db, TimeProvider time)
    {
        if (await http.GetViewerAsync() is not { } viewer)
        {
            return TypedResults.Unauthorized();
        }
        var count = await Showing(db, viewer.UserId, time.GetUtcNow()).CountAsync(n => n.ReadAt == null, http.RequestAborted);
        return TypedResults.Ok(new UnreadCount(count));
    }

    private static async Task<IResult> MarkAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer, bool read) =>
        await ChangeAsync(http, id, db, writer, (n, at) =>
        {
            if ((n.ReadAt is not null) == read)
            {
                return null; // already so: nothing to tell anyone
            }
            n.ReadAt = read ? at : null;
            n.EmailAt = null; // seen, or seen and put back: it is not mailed any more
            return NotificationEvents.Changed(read ? EventTypes.NotificationRead : EventTypes.NotificationUnread, n,
                new() { ["readAt"] = n.ReadAt });
        });

    private static async Task<IResult> SnoozeAsync(HttpContext http, long id, SnoozeRequest request, LiveDeskDb db, LiveWriter writer, TimeProvider time)
    {
        var now = time.GetUtcNow();
        if (request.Until is not { } until || until <= now || until > now.AddDays(30))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["until"] = ["until must be a time in the future, at most 30 days ahead, as ISO 8601 with an offset."],
            });
        }
        return await ChangeAsync(http, id, db, writer, (n, _) =>
        {
            n.SnoozedUntil = until.ToUniversalTime();
            return NotificationEvents.Changed(EventTypes.NotificationSnoozed, n, new() { ["snoozedUntil"] = n.SnoozedUntil });
        });
    }

    private static Task<IResult> DeleteAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer) =>
        ChangeAsync(http, id, db, writer, (n, _) =>
        {
            db.Notifications.Remove(n);
            return NotificationEvents.Changed(EventTypes.NotificationDeleted, n, []);
        }, _ => TypedResults.NoContent());

    private static async Task<IResult> ReadAllAsync(HttpContext http, LiveDeskDb db, LiveWriter writer)
    {
        if (await http.GetViewerAsync() is not { } viewer)
        {
            return TypedResults.Unauthorized();
        }
        var count = await writer.WriteAsync(async batch =>
        {
            var unread = db.Notifications.Where(n => n.UserId == viewer.UserId && n.ReadAt == null);
            var through = await unread.MaxAsync(n => (long?)n.Id, http.RequestAborted);
            if (through is null)
            {
                return 0;
            }
            var marked = await unread.Where(n => n.Id <= through).ExecuteUpdateAsync(n => n
                .SetProperty(x => x.ReadAt, batch.At).SetProperty(x => x.EmailAt, (DateTimeOffset?)null).SetProperty(x => x.Version, x => x.Version + 1),
                http.RequestAborted);
            // One event for all of them: clients mark every notification up to throughId read.
            batch.Add(NotificationEvents.ForUser(EventTypes.NotificationReadAll, viewer.UserId,
                new() { ["count"] = marked, ["throughId"] = through, ["readAt"] = batch.At }));
            return marked;
        }, http.RequestAborted);
        return TypedResults.Ok(new { count });
    }

    private static async Task<IResult> ClearAsync(HttpContext http, LiveDeskDb db, LiveWriter writer, bool? read)
    {
        if (await http.GetViewerAsync() is not { } viewer)
        {
            return TypedResults.Unauthorized();
        }
        if (read != true)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["read"] = ["Only read notifications can be cleared: DELETE /api/notifications?read=true."],
            });
        }
        var count = await writer.WriteAsync(async batch =>
        {
            var readOnes = db.Notifications.Where(n => n.UserId == viewer.UserId && n.ReadAt != null);
            var through = await readOnes.MaxAsync(n => (long?)n.Id, http.RequestAborted);
            if (through is null)
            {
                return 0;
            }
            var deleted = await readOnes.Where(n => n.Id <= through).ExecuteDeleteAsync(http.RequestAborted);
            batch.Add(NotificationEvents.ForUser(EventTypes.NotificationDeleted, viewer.UserId,
                new() { ["cleared"] = "read", ["count"] = deleted, ["throughId"] = through }));
            return deleted;
        }, http.RequestAborted);
        return TypedResults.Ok(new { count });
    }

    /// <summary>Loads the caller's notification inside a write, applies the change, and appends its event with the new
    /// version; a change that returns no event changed nothing. Answers the notification unless told otherwise.</summary>
    private static async Task<IResult> ChangeAsync(HttpContext http, long id, LiveDeskDb db, LiveWriter writer,
        Func<Notification, DateTimeOffset, PendingEvent?> change, Func<Notification, IResult>? respond = null)
    {
        if (await http.GetViewerAsync() is not { } viewer)
        {
            return TypedResults.Unauthorized();
        }
        return await writer.WriteAsync<IResult>(async batch =>
        {
            var notification = await db.Notifications.SingleOrDefaultAsync(n => n.Id == id && n.UserId == viewer.UserId, http.RequestAborted);
            if (notification is null)
            {
                return TypedResults.NotFound();
            }
            var version = notification.Version;
            notification.Version++;
            if (change(notification, batch.At) is { } pending)
            {
                batch.Add(pending);
            }
            else
            {
                notification.Version = version;
            }
            return respond?.Invoke(notification) ?? TypedResults.Ok(notification.ToDto());
        }, http.RequestAborted);
    }

    private static IQueryable<Notification> Showing(LiveDeskDb db, long userId, DateTimeOffset now) =>
        db.Notifications.AsNoTracking().Where(n => n.UserId == userId).Where(Notification.Showing(now));
}
