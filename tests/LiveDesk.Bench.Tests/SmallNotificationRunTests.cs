using LiveDesk.Bench.Scenarios;

namespace LiveDesk.Bench.Tests;

/// <summary>The bench's S5 path, small: 20 agents notified by assignments, the badge over 2,000 stored notifications,
/// and an announcement to 200 agents with 50 of them connected, each on a real server in a child process.</summary>
public sealed class SmallNotificationRunTests
{
    [Fact]
    public async Task S5SmallRunDeliversEveryNotificationRowToItsOwnerOnceCountsRightAndTimesEachPart()
    {
        var options = new BenchOptions
        {
            Scenario = "s5", N = 20, Rate = 5, Duration = TimeSpan.FromSeconds(3), Notifications = 2_000, Requests = 100,
            Audiences = [200], Connected = 50,
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        var results = await ScenarioRunner.RunAsync(options, timeout.Token);

        Assert.Equal(["notify", "count", "announce-200"], results.Select(r => r.Mode));
        var notify = results[0];
        Assert.Equal(0, notify.WriteFailures);
        Assert.True(notify.Events > 0, "no assignment succeeded");
        var rows = Assert.IsType<LiveDesk.Bench.Accounting.LossReport>(notify.NotificationLoss);
        // Not vacuous: every assignment made exactly one row, and each reached its owner once.
        Assert.Equal(notify.Events, rows.ExpectedDeliveries);
        Assert.True(rows.Exact, string.Join("; ", rows.Examples));
        Assert.True(notify.Loss!.Exact, string.Join("; ", notify.Loss.Examples));
        Assert.Equal(notify.Events, notify.NotificationLatencyMs!.Count);

        var count = results[1];
        Assert.Equal(2_000, count.NotificationsStored);
        Assert.True(count.UnreadCountExact, count.UnreadCountCheck);
        Assert.Equal(100, count.UnreadCountMs!.Count);
        Assert.Equal(25, count.UnreadCountHeavyMs!.Count);

        var announce = results[2];
        var figures = Assert.IsType<AnnouncementFigures>(announce.Announcement);
        Assert.Equal(200, figures.Rows);
        Assert.Equal(200, figures.DeliveredCount);
        var received = Assert.IsType<LiveDesk.Bench.Accounting.LossReport>(announce.NotificationLoss);
        Assert.Equal(50, received.ExpectedDeliveries);
        Assert.True(received.Exact, string.Join("; ", received.Examples));
        Assert.True(announce.Loss!.Exact, string.Join("; ", announce.Loss.Examples));
        Assert.Equal(50, announce.NotificationLatencyMs!.Count);
        Assert.False(double.IsNaN(figures.PostToDeliveredEventMs), "announcement.delivered never reached the admin");
        Assert.False(double.IsNaN(figures.LastChunkToLastConnectedMs));
    }
}
