using System.Globalization;
using System.Text.Json;
using LiveDesk.Contracts.Notifications;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Notifications;

/// <summary><c>/api/me/notification-preferences</c>: the grid of types × channels (with scopes where they matter), quiet
/// hours in the user's time zone, and do-not-disturb. A change is an event in the user's room, so their other tabs and
/// devices follow.</summary>
public static class PreferenceEndpoints
{
    public static IEndpointRouteBuilder MapNotificationPreferences(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me/notification-preferences").RequireAuthorization().WithTags("Notifications");
        group.MapGet("/", GetAsync).WithSummary("The caller's effective preferences (defaults with their changes), with the version as ETag.");
        group.MapPut("/", PutAsync).WithSummary("Change types (only those named), quiet hours (null: off) and do-not-disturb (null: off). Honours If-Match.");
        return app;
    }

    private static async Task<IResult> GetAsync(HttpContext http, LiveDeskDb db)
    {
        if (await http.GetViewerAsync() is not { } viewer)
        {
            return TypedResults.Unauthorized();
        }
        var stored = await db.NotificationPreferences.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == viewer.UserId, http.RequestAborted);
        http.Response.Headers.ETag = IfMatch.ETagFor(stored?.Version ?? 0);
        return TypedResults.Ok(NotificationDefaults.ToDto(viewer.Role, stored));
    }

    private static async Task<IResult> PutAsync(HttpContext http, UpdateNotificationPreferencesRequest request, LiveDeskDb db, LiveWriter writer,
        TimeProvider time)
    {
        if (await http.GetViewerAsync() is not { } viewer)
        {
            return TypedResults.Unauthorized();
        }
        var errors = Validate(request, time.GetUtcNow());
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var ifMatch = IfMatch.From(http.Request);
        if (!ifMatch.Valid)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "If-Match must be a preferences version as an ETag, e.g. \"3\".");
        }
        return await writer.WriteAsync<IResult>(async batch =>
        {
            var stored = await db.NotificationPreferences.SingleOrDefaultAsync(p => p.UserId == viewer.UserId, http.RequestAborted);
            if (!ifMatch.Allows(stored?.Version ?? 0))
            {
                return VersionedWrite.StaleVersion("preferences", stored?.Version ?? 0);
            }
            if (stored is null)
            {
                stored = new NotificationPreference { UserId = viewer.UserId };
                db.NotificationPreferences.Add(stored);
            }
            var changed = stored.ChangedTypes;
            foreach (var (type, preference) in request.Types ?? new Dictionary<string, TypePreference>())
            {
                changed[type] = preference with { Scope = NotificationDefaults.Scopes.TryGetValue(type, out var scopes) ? preference.Scope ?? scopes[0] : null };
            }
            stored.TypesJson = JsonSerializer.Serialize(changed, NotificationDefaults.Json);
            var quiet = request.QuietHours;
            stored.QuietStart = quiet?.Start;
            stored.QuietEnd = quiet?.End;
            stored.QuietTimeZone = quiet?.TimeZone;
            stored.QuietDays = quiet is null ? null : string.Join(',', quiet.Days.Select(d => d.ToLowerInvariant()).Distinct());
            stored.UrgentBreaksThrough = quiet?.UrgentBreaksThrough ?? false;
            stored.DoNotDisturbUntil = request.DoNotDisturbUntil?.ToUniversalTime();
            stored.Version++;
            var dto = NotificationDefaults.ToDto(viewer.Role, stored);
            batch.Add(new PendingEvent(EventTypes.NotificationPreferencesUpdated, EntityNames.NotificationPreferences, viewer.UserId, stored.Version,
                viewer.UserId, new Dictionary<string, object?>
                {
                    ["types"] = dto.Types, ["quietHours"] = dto.QuietHours, ["doNotDisturbUntil"] = dto.DoNotDisturbUntil,
                }, [Room.User(viewer.UserId)]));
            http.Response.Headers.ETag = IfMatch.ETagFor(stored.Version);
            return TypedResults.Ok(dto);
        }, http.RequestAborted);
    }

    public static Dictionary<string, string[]> Validate(UpdateNotificationPreferencesRequest request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (type, preference) in request.Types ?? new Dictionary<string, TypePreference>())
        {
            if (!NotificationTypes.All.Contains(type))
            {
                errors[$"types.{type}"] = [$"Unknown type '{type}'. Known: {string.Join(", ", NotificationTypes.All)}."];
            }
            else if (preference is null)
            {
                errors[$"types.{type}"] = ["Give inApp, desktop and email as true or false."];
            }
            else if (preference.Scope is { } scope)
            {
                if (!NotificationDefaults.Scopes.TryGetValue(type, out var allowed))
                {
                    errors[$"types.{type}.scope"] = [$"{type} has no scope."];
                }
                else if (!allowed.Contains(scope))
                {
                    errors[$"types.{type}.scope"] = [$"scope must be one of {string.Join(", ", allowed)}."];
                }
            }
        }
        if (request.QuietHours is { } quiet)
        {
            if (!IsTime(quiet.Start))
            {
                errors["quietHours.start"] = ["start must be a time of day as HH:mm, e.g. 22:00."];
            }
            if (!IsTime(quiet.End))
            {
                errors["quietHours.end"] = ["end must be a time of day as HH:mm, e.g. 07:30."];
            }
            else if (quiet.End == quiet.Start)
            {
                errors["quietHours.end"] = ["end must differ from start."];
            }
            if (string.IsNullOrWhiteSpace(quiet.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(quiet.TimeZone, out _))
            {
                errors["quietHours.timeZone"] = [$"'{quiet.TimeZone}' is not a known IANA time zone, e.g. Europe/Berlin."];
            }
            if (quiet.Days is not { Count: > 0 } days || days.Any(d => !QuietHoursClock.Weekdays.Contains(d?.ToLowerInvariant())))
            {
                errors["quietHours.days"] = [$"days must name at least one of {string.Join(", ", QuietHoursClock.Weekdays)}."];
            }
        }
        if (request.DoNotDisturbUntil is { } until && (until <= now || until > now.AddDays(366)))
        {
            errors["doNotDisturbUntil"] = ["doNotDisturbUntil must be in the future and at most a year ahead (null turns it off)."];
        }
        return errors;
    }

    private static bool IsTime(string? value) =>
        value is { Length: 5 } && TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
