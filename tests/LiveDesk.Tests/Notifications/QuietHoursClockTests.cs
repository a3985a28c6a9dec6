using LiveDesk.Contracts.Notifications;

namespace LiveDesk.Tests.Notifications;

/// <summary>Quiet hours with the clock passed in: what is held, until when, in the user's own time zone.</summary>
public sealed class QuietHoursClockTests
{
    private static readonly QuietHours WeeknightsInBerlin = new("22:00", "07:00", "Europe/Berlin", ["mon", "tue", "wed", "thu", "fri"]);

    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTimeOffset Berlin(string local) =>
        new(TimeZoneInfo.ConvertTimeToUtc(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), Zone), TimeSpan.Zero);

    [Theory]
    // Friday 23:30 is in Friday's quiet night, which ends Saturday 07:00.
    [InlineData("2026-12-04T23:30:00", "2026-12-05T07:00:00")]
    // Tuesday 06:59 is still Monday night.
    [InlineData("2026-12-08T06:59:00", "2026-12-08T07:00:00")]
    // Saturday 23:00: Saturday night is not quiet.
    [InlineData("2026-12-05T23:00:00", null)]
    // Monday 06:30: Sunday night is not quiet either.
    [InlineData("2026-12-07T06:30:00", null)]
    // Wednesday 12:00: daytime.
    [InlineData("2026-12-09T12:00:00", null)]
    // The end itself is no longer quiet.
    [InlineData("2026-12-08T07:00:00", null)]
    public void AWeeknightWindowHoldsUntilItsMorningInTheUsersZone(string localNow, string? localEnd)
    {
        var end = QuietHoursClock.QuietEnd(WeeknightsInBerlin, Berlin(localNow));
        Assert.Equal(localEnd is null ? null : Berlin(localEnd), end);
    }

    [Fact]
    public void AClockChangeInsideTheWindowIsFollowed()
    {
        // 29 March 2026: Berlin skips from 02:00 to 03:00. 01:00-04:00 local is then two hours long.
        var quiet = new QuietHours("01:00", "04:00", "Europe/Berlin", ["sun"]);
        var now = new DateTimeOffset(2026, 3, 29, 0, 30, 0, TimeSpan.Zero); // 01:30 CET
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 2, 0, 0, TimeSpan.Zero), QuietHoursClock.QuietEnd(quiet, now)); // 04:00 CEST
    }

    [Fact]
    public void UrgentPassesQuietHoursOnlyWhenAllowedAndDoNotDisturbHoldsEverything()
    {
        var friday = Berlin("2026-12-04T23:30:00");
        var saturdayMorning = Berlin("2026-12-05T07:00:00");
        Assert.Equal(saturdayMorning, QuietHoursClock.HeldUntil(WeeknightsInBerlin, null, NotificationPriority.Urgent, friday));
        var allowing = WeeknightsInBerlin with { UrgentBreaksThrough = true };
        Assert.Null(QuietHoursClock.HeldUntil(allowing, null, NotificationPriority.Urgent, friday));
        Assert.Equal(saturdayMorning, QuietHoursClock.HeldUntil(allowing, null, NotificationPriority.High, friday));
        var noon = Berlin("2026-12-09T12:00:00");
        Assert.Equal(noon.AddHours(2), QuietHoursClock.HeldUntil(allowing, noon.AddHours(2), NotificationPriority.Urgent, noon));
        Assert.Null(QuietHoursClock.HeldUntil(null, noon.AddHours(-1), NotificationPriority.Normal, noon));
    }
}
