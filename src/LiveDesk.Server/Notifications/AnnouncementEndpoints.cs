using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Notifications;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Notifications;

/// <summary><c>/api/announcements</c>, for admins (others get 403). Posting is one short write (the announcement and its
/// event); the notifications follow in chunks (<see cref="AnnouncementFanOut"/>).</summary>
public static class AnnouncementEndpoints
{
    public static IEndpointRouteBuilder MapAnnouncements(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/announcements").RequireAuthorization().WithTags("Notifications");
        group.MapPost("/", CreateAsync).WithSummary("Announce to all, role:{role} or team:{id}; every member gets an announcement notification.");
        group.MapGet("/", ListAsync).WithSummary("The last 100 announcements with how far their delivery got.");
        return app;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, CreateAnnouncementRequest request, LiveDeskDb db, LiveWriter writer,
        AnnouncementFanOut fanOut, TimeProvider time)
    {
        if (await AdminAsync(http) is { Refusal: { } refusal })
        {
            return refusal;
        }
        var viewer = (await http.GetViewerAsync())!;
        var errors = await AnnouncementRules.ValidateAsync(request, db, time.GetUtcNow(), http.RequestAborted);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var announcement = await writer.WriteAsync(async batch =>
        {
            var created = new Announcement
            {
                Title = request.Title!.Trim(), Body = request.Body?.Trim() ?? "", Priority = request.Priority!.Value, Audience = request.Audience!,
                ExpiresAt = request.ExpiresAt?.ToUniversalTime(), CreatedById = viewer.UserId, CreatedAt = batch.At,
            };
            db.Announcements.Add(created);
            await db.SaveChangesAsync(http.RequestAborted);
            batch.Add(AnnouncementEvents.Created(created));
            return created;
        }, http.RequestAborted);
        fanOut.Wake();
        return TypedResults.Created($"/api/announcements/{announcement.Id}", announcement.ToDto());
    }

    private static async Task<IResult> ListAsync(HttpContext http, LiveDeskDb db)
    {
        if (await AdminAsync(http) is { Refusal: { } refusal })
        {
            return refusal;
        }
        var rows = await db.Announcements.AsNoTracking().OrderByDescending(a => a.Id).Take(100).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(rows.Select(a => a.ToDto()).ToList());
    }

    private static Task<StaffOnly.Check> AdminAsync(HttpContext http) => http.RequireAdminAsync("Announcements are for admins.");
}
