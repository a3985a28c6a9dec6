using LiveDesk.Client;
using LiveDesk.Contracts.Tickets;
using LiveDesk.E2E.Infrastructure;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E;

[Collection(BrowserCollection.Name)]
public sealed class CatchUpTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task AfterAServerRestartThePageCatchesUpEveryMissedChangeWithoutReloading()
    {
        var api = await Server.LoginAsync(Demo.Manager);
        var anaId = await api.UserIdAsync(Demo.Ana);
        var open = await api.NewTicketAsync(Demo.SupportTeam, "Scanner jams on every page");
        var toAssign = await api.NewTicketAsync(Demo.SupportTeam, "Badge reader offline");

        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);
        await ana.GoAsync($"#/team/{open.Id}");
        await Expect(ana.Page.GetByText("No comments yet.")).ToBeVisibleAsync();
        await Expect(ana.Row(toAssign.Id)).ToBeVisibleAsync();
        var mineBefore = int.Parse(await ana.Count("mine").InnerTextAsync());

        // Hold the page off its live channel (the native WebSocket) so that the writes below happen while it is
        // disconnected: new sockets are closed at once until released. Everything else (including the restarted
        // server) is real.
        var holding = true;
        var heldOff = 0;
        await ana.Page.RouteWebSocketAsync(new System.Text.RegularExpressions.Regex("/live/ws"), ws =>
        {
            if (Volatile.Read(ref holding))
            {
                Interlocked.Increment(ref heldOff);
                _ = ws.CloseAsync(new() { Code = 1011, Reason = "held off by the test" });
            }
            else
            {
                ws.ConnectToServer();
            }
        });
        await Server.KillAsync();
        await Expect(ana.Connection).ToHaveAttributeAsync("data-state", new System.Text.RegularExpressions.Regex("^(reconnecting|offline)$"));
        await Screenshots.SaveAsync(ana.Page, "agent-reconnecting");
        await Server.StartAsync();

        api = await Server.LoginAsync(Demo.Manager);
        await api.AddCommentAsync(open.Id, "Replaced the roller; please test again.");
        await api.ChangeStatusAsync(open.Id, TicketStatus.Pending);
        await api.AssignAsync(toAssign.Id, anaId);
        var created = await api.NewTicketAsync(Demo.SupportTeam, "Projector in room 4 flickers");
        ana.ForgetRequests();

        // The page must have tried its native live channel (and been held off) while the writes happened.
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref heldOff) > 0));
        Volatile.Write(ref holding, false);
        await ana.ExpectLiveAsync(timeoutMs: 30_000);

        await Expect(ana.Comments).ToHaveTextAsync([new System.Text.RegularExpressions.Regex("Replaced the roller")]);
        await Expect(ana.Page.GetByLabel("Status")).ToHaveValueAsync("pending");
        await Expect(ana.Row(created.Id)).ToBeVisibleAsync();
        await Expect(ana.Count("mine")).ToHaveTextAsync((mineBefore + 1).ToString());
        await ana.GoAsync($"#/mine/{open.Id}");
        await Expect(ana.Row(toAssign.Id)).ToBeVisibleAsync();

        Assert.True(await ana.IsSamePageAsync(), "The page was reloaded.");
        await Expect(ana.Page.Locator("body")).Not.ToContainTextAsync("refresh", new() { IgnoreCase = true });
        // Caught up by cursor: the missed events were replayed, not the lists reloaded.
        Assert.DoesNotContain(ana.Requests, r => r.StartsWith("GET /api/tickets?", StringComparison.Ordinal));
        var rest = await api.AllTicketsAsync(new TicketQuery(TeamId: open.TeamId));
        Assert.Contains(rest, t => t.Id == created.Id);
    }
}
