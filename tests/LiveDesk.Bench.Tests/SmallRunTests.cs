using LiveDesk.Bench.Scenarios;

namespace LiveDesk.Bench.Tests;

/// <summary>The bench's own S1 path, small: a real server in a child process, 20 SDK clients, 5 s of writes.</summary>
public sealed class SmallRunTests
{
    [Fact]
    public async Task SmallSteadyDeskRunDeliversEveryLoggedEventToEveryClientAndTheAccountingSaysSo()
    {
        var options = new BenchOptions { Scenario = "s1", N = 20, Rate = 10, Duration = TimeSpan.FromSeconds(5) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var result = await LiveDeskScenarios.SteadyDeskAsync(options, naive: false, timeout.Token);

        var loss = Assert.IsType<LiveDesk.Bench.Accounting.LossReport>(result.Loss);
        // Not vacuous: events were written, the log routed them to clients, and clients received them.
        Assert.True(result.Events > 0, "no write succeeded");
        Assert.Equal(20, loss.Clients);
        Assert.True(loss.ExpectedDeliveries > 0, "the log held no events for the clients' rooms");
        // 10 teams of 2 agents, one event to one team: each event reaches 2 clients.
        Assert.Equal(result.Events * 2, loss.ExpectedDeliveries);
        Assert.Equal(loss.ExpectedDeliveries, loss.ReceivedDeliveries);
        Assert.True(loss.Exact, string.Join("; ", loss.Examples));
        Assert.Equal(0, result.WriteFailures);
        Assert.NotNull(result.LatencyFromCommitMs);
        Assert.Equal(loss.ReceivedDeliveries, result.LatencyFromCommitMs!.Count);
    }
}

/// <summary>The bench's S8 path, small: a real server sends a 60-recipient campaign to a real SMTP server (maildev).</summary>
public sealed class SmallCampaignRunTests
{
    [Fact]
    public async Task SmallCampaignRunCountsEveryMailAtTheSmtpServerAndEndsWithProgressEqualToTheTable()
    {
        var options = new BenchOptions { Scenario = "s8", N = 60, Rate = 200 };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var result = await CampaignScenario.RunAsync(options, timeout.Token);

        Assert.True(result.CampaignExact, result.CampaignCheck);
        Assert.Equal(60, result.Events);
        // Not vacuous: progress arrived live, and every mail was seen counted on screen.
        Assert.True(result.Deliveries > 0, "no campaign.progress reached the watching connection");
        Assert.Equal(60, result.ProgressStalenessMs!.Count);
        Assert.InRange(result.MaxProgressEventsInOneSecond, 1, 2);
    }
}
