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

        // Hold the page off the hub so that the writes below happen while it is disconnected. Only the negotiate
        // request is blocked; everything else (including the restarted server) is real.
        await ana.Page.RouteAsync("**/hubs/live/negotiate**", route => route.AbortAsync());
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

        await ana.Page.UnrouteAsync("**/hubs/live/negotiate**");
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
