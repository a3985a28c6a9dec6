using System.Globalization;

namespace LiveDesk.Contracts.Notifications;

/// <summary>When quiet hours are on. Shared by the server (held email) and .NET clients (held desktop alerts), so both
/// agree. Quiet hours are wall-clock times in the user's own time zone, so they follow daylight saving.</summary>
public static class QuietHoursClock
{
    public static readonly IReadOnlyList<string> Weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// <summary>The end of the quiet period <paramref name="now"/> falls in, or null when it falls in none. A period
    /// belongs to the day it starts on, so 22:00–07:00 on Friday runs into Saturday morning.</summary>
    public static DateTimeOffset? QuietEnd(QuietHours quiet, DateTimeOffset now)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(quiet.TimeZone, out var zone)
            || !TimeOnly.TryParseExact(quiet.Start, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(quiet.End, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
        {
            return null;
        }
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        foreach (var day in new[] { today.AddDays(-1), today })
        {
            if (!quiet.Days.Contains(Weekday(day), StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }
            var from = ToInstant(day.ToDateTime(start), zone);
            var to = ToInstant((end > start ? day : day.AddDays(1)).ToDateTime(end), zone);
            if (now >= from && now < to)
            {
                return to;
            }
        }
        return null;
    }

    /// <summary>Until when a notification of <paramref name="priority"/> waits for quiet hours and do-not-disturb; null
    /// when it may go now. Urgent ones pass quiet hours (not do-not-disturb) when the user allows it.</summary>
    public static DateTimeOffset? HeldUntil(QuietHours? quiet, DateTimeOffset? doNotDisturbUntil, NotificationPriority priority, DateTimeOffset now)
    {
        DateTimeOffset? held = doNotDisturbUntil is { } dnd && dnd > now ? dnd : null;
        if (quiet is not null && !(priority == NotificationPriority.Urgent && quiet.UrgentBreaksThrough)
            && QuietEnd(quiet, now) is { } end && (held is null || end > held))
        {
            held = end;
        }
        return held;
    }

    private static string Weekday(DateOnly day) => Weekdays[((int)day.DayOfWeek + 6) % 7];

    /// <summary>A local wall-clock time as an instant; a time skipped by a clock change counts as the first moment after it.</summary>
    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
    }
}
