using System.Text.Json;
using LiveDesk.Client;
using LiveDesk.Contracts.Flags;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace LiveDesk.Tests.Flags;

/// <summary>The SDK's live ticket list and its safety valves (issue 12, must-shows 3 and 4 for the .NET client): it obeys
/// the ticket flag, a circuit breaker takes over when events fail to apply, and the periodic check repairs a damaged
/// cache. A real server, a real connection; the breaker's and the timers' clock is a fake one the test moves.</summary>
public sealed class LiveTicketListTests(LiveTicketListTests.Fixture fixture) : IClassFixture<LiveTicketListTests.Fixture>
{
    public sealed class Fixture : ServerFixture;

    private static readonly BreakerOptions Breaker = new()
    {
        FailureThreshold = 3,
        Window = TimeSpan.FromSeconds(30),
        OpenFor = TimeSpan.FromSeconds(30),
        ProbeSuccesses = 3,
    };

    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task EventsThatFailToApplyOpenTheBreakerTheListStaysRightByRefetchingAndAHealthyProbeClosesIt()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var manager = await Server.LoginAsync(Demo.Manager);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Breaker subject");
        await using var live = await LiveClient.ConnectAsync(Server, Demo.Manager);
        await using var list = await LiveTicketList.StartAsync(await Server.LoginAsync(Demo.Manager), live.Connection,
            options: new LiveViewOptions { Breaker = Breaker }, time: clock);
        var cached = await WaitForAsync(list, t => t.Id == ticket.Id);

        // Two events whose changes do not fit a ticket, and one that skips versions: each is refused, refetched, and
        // counted, and the third opens the breaker. None of their contents reaches the list.
        list.OnEvent(Forged(cached, cached.Version + 1, """{"status":"no-such-status"}"""));
        list.OnEvent(Forged(cached, cached.Version + 1, """{"priority":{"not":"a priority"}}"""));
        Assert.Equal(BreakerState.Closed, list.BreakerState);
        list.OnEvent(Forged(cached, cached.Version + 5, """{"title":"Forged across a gap"}"""));
        Assert.Equal(BreakerState.Open, list.BreakerState);
        Assert.True(list.Refetches >= 1, "The failed applies were not refetched.");
        await ListEqualsServerAsync(list, manager);
        Assert.DoesNotContain(list.Tickets, t => t.Title == "Forged across a gap");

        // Open: a real change still reaches the list, by refetching the ticket rather than patching it.
        var refetchesBefore = list.Refetches;
        await manager.UpdateTicketAsync(ticket.Id, new UpdateTicketRequest(Title: "Changed while the breaker is open"));
        await WaitForAsync(list, t => t.Id == ticket.Id && t.Title == "Changed while the breaker is open");
        Assert.True(list.Refetches > refetchesBefore, "The change while open was patched, not refetched.");
        await ListEqualsServerAsync(list, manager);

        // After the open period it probes; three events applied cleanly close it.
        clock.Advance(Breaker.OpenFor);
        Assert.Equal(BreakerState.HalfOpen, list.BreakerState);
        for (var i = 1; i <= Breaker.ProbeSuccesses; i++)
        {
            await manager.UpdateTicketAsync(ticket.Id, new UpdateTicketRequest(Title: $"Probe {i}"));
            await WaitForAsync(list, t => t.Id == ticket.Id && t.Title == $"Probe {i}");
        }
        Assert.Equal(BreakerState.Closed, list.BreakerState);
        await ListEqualsServerAsync(list, manager);

        // Both transitions were reported to the server's metrics.
        var admin = await Server.LoginAsync(Demo.Admin);
        await Eventually.TrueAsync(async () =>
        {
            var reports = (await admin.GetRealtimeStatusAsync()).ClientReports ?? [];
            return reports.Any(r => r is { Kind: "breaker_opened", Entity: "ticket" })
                && reports.Any(r => r is { Kind: "breaker_closed", Entity: "ticket" });
        });
    }

    [Fact]
    public async Task AnEventWithoutChangesIsRefetchedNotAppliedEvenInLiveMode()
    {
        var manager = await Server.LoginAsync(Demo.Manager);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Signal-only subject");
        await using var live = await LiveClient.ConnectAsync(Server, Demo.Manager);
        await using var list = await LiveTicketList.StartAsync(await Server.LoginAsync(Demo.Manager), live.Connection);
        var cached = await WaitForAsync(list, t => t.Id == ticket.Id);
        Assert.Equal(FlagMode.Live, list.Mode);
        var refetches = list.Refetches;

        // What a replay shaped in signal mode delivers after the flag went back to live: the next version, no fields.
        list.OnEvent(Forged(cached, cached.Version + 1, "{}"));

        Assert.True(list.Refetches > refetches, "An envelope without changes was not refetched.");
        await ListEqualsServerAsync(list, manager);
        Assert.Equal(BreakerState.Closed, list.BreakerState);
    }

    [Fact]
    public async Task TheTenMinuteCheckFindsADamagedListRepairsItSilentlyAndReportsHowManyTicketsWereWrong()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var manager = await Server.LoginAsync(Demo.Manager);
        var first = await manager.NewTicketAsync(Demo.SupportTeam, "Sync subject 1");
        var second = await manager.NewTicketAsync(Demo.SupportTeam, "Sync subject 2");
        await using var live = await LiveClient.ConnectAsync(Server, Demo.Manager);
        await using var list = await LiveTicketList.StartAsync(await Server.LoginAsync(Demo.Manager), live.Connection,
            options: new LiveViewOptions { SyncInterval = TimeSpan.FromMinutes(10) }, time: clock);
        await WaitForAsync(list, t => t.Id == second.Id);
        await ListEqualsServerAsync(list, manager);
        // A right list is left alone: the check is not one that always "repairs".
        Assert.Equal(0, await list.SyncNowAsync());
        var loads = list.Loads;

        // A stale copy, a lost ticket and one that is not there at all.
        list.CorruptForTesting(tickets =>
        {
            tickets[first.Id] = tickets[first.Id] with { Title = "Stale", Version = tickets[first.Id].Version - 1 };
            tickets.Remove(second.Id);
            tickets[999_999] = tickets[first.Id] with { Id = 999_999, Title = "Phantom" };
        });
        Assert.Contains(list.Tickets, t => t.Id == 999_999);
        Assert.DoesNotContain(list.Tickets, t => t.Id == second.Id);

        // Ten minutes pass: the timer's check repairs it, without a word to the user beyond the log and the report.
        clock.Advance(TimeSpan.FromMinutes(10));
        await Eventually.TrueAsync(() => Task.FromResult(list.Repaired == 3));
        await ListEqualsServerAsync(list, manager);
        Assert.Equal(loads + 1, list.Loads);
        var admin = await Server.LoginAsync(Demo.Admin);
        await Eventually.TrueAsync(async () =>
            ((await admin.GetRealtimeStatusAsync()).ClientReports ?? []).Any(r => r is { Kind: "cache_repaired", Entity: "ticket", Count: >= 3 }));
    }

    [Fact]
    public async Task TheListFollowsTheTicketFlagRefetchingInSignalModeReloadingInPollModeAndPatchingAgainWhenLive()
    {
        var admin = await Server.LoginAsync(Demo.Admin);
        var manager = await Server.LoginAsync(Demo.Manager);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Flag subject");
        await using var live = await LiveClient.ConnectAsync(Server, Demo.Manager);
        await using var list = await LiveTicketList.StartAsync(await Server.LoginAsync(Demo.Manager), live.Connection);
        await WaitForAsync(list, t => t.Id == ticket.Id);
        try
        {
            // Signal: the event comes without its changes, and the list asks the server for the ticket.
            await SetTicketFlagAsync(admin, "signal");
            await Eventually.TrueAsync(() => Task.FromResult(list.Mode == FlagMode.Signal));
            var refetches = list.Refetches;
            await manager.UpdateTicketAsync(ticket.Id, new UpdateTicketRequest(Title: "Seen by signal"));
            await WaitForAsync(list, t => t.Id == ticket.Id && t.Title == "Seen by signal");
            Assert.True(list.Refetches > refetches, "Signal mode did not refetch the ticket.");

            // Poll every 2 s: events are ignored, and the reload brings the change.
            await SetTicketFlagAsync(admin, "poll", pollSeconds: 2);
            await Eventually.TrueAsync(() => Task.FromResult(list.Mode == FlagMode.Poll));
            var loads = list.Loads;
            refetches = list.Refetches;
            await manager.UpdateTicketAsync(ticket.Id, new UpdateTicketRequest(Title: "Seen by polling"));
            await WaitForAsync(list, t => t.Id == ticket.Id && t.Title == "Seen by polling");
            Assert.True(list.Loads > loads, "Poll mode did not reload the list.");
            Assert.Equal(refetches, list.Refetches);

            // Live again: the change is patched from the event, with no request.
            await SetTicketFlagAsync(admin, "live");
            await Eventually.TrueAsync(() => Task.FromResult(list.Mode == FlagMode.Live));
            await ListEqualsServerAsync(list, manager);
            refetches = list.Refetches;
            loads = list.Loads;
            await manager.UpdateTicketAsync(ticket.Id, new UpdateTicketRequest(Title: "Seen live"));
            await WaitForAsync(list, t => t.Id == ticket.Id && t.Title == "Seen live");
            Assert.Equal(refetches, list.Refetches);
            Assert.Equal(loads, list.Loads);
            await ListEqualsServerAsync(list, manager);
        }
        finally
        {
            // The server is shared by this class's tests.
            await SetTicketFlagAsync(admin, "live");
        }
    }

    private static Task<FeatureFlagsDto> SetTicketFlagAsync(LiveDeskApiClient admin, string mode, int? pollSeconds = null) =>
        admin.UpdateFeatureFlagsAsync(new UpdateFlagsRequest(new Dictionary<string, FlagUpdate> { ["ticket"] = new(mode, pollSeconds) }));

    private static EventEnvelope Forged(TicketDto ticket, long version, string changes) =>
        new(0, "forged", EventTypes.TicketUpdated, EntityNames.Ticket, ticket.Id, version, null, DateTimeOffset.UtcNow,
            JsonDocument.Parse(changes).RootElement);

    private static async Task<TicketDto> WaitForAsync(LiveTicketList list, Func<TicketDto, bool> predicate) =>
        await Eventually.FirstAsync(() => list.Tickets, predicate, null,
            () => $"the list holds {string.Join(", ", list.Tickets.Select(t => $"#{t.Id} v{t.Version} '{t.Title}'"))}");

    /// <summary>The list is exactly the server's: the same tickets, in the same order, at the same versions.</summary>
    private static async Task ListEqualsServerAsync(LiveTicketList list, LiveDeskApiClient api)
    {
        string Describe(IEnumerable<TicketDto> tickets) => string.Join(", ", tickets.Select(t => $"#{t.Id} v{t.Version} '{t.Title}'"));
        var expected = "";
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                expected = Describe(await api.AllTicketsAsync());
                return expected == Describe(list.Tickets);
            }, TimeSpan.FromSeconds(15));
        }
        catch (Xunit.Sdk.XunitException)
        {
            Assert.Equal(expected, Describe(list.Tickets));
        }
    }
}
