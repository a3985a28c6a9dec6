using LiveDesk.Client;
using LiveDesk.E2E.Infrastructure;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E;

[Collection(BrowserCollection.Name)]
public sealed class AssignmentTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task TicketAssignedByManagerAppearsInAnasListCountAndBellWithoutReloadOrListRefetch()
    {
        var api = await Server.LoginAsync(Demo.Manager);
        var supportQueue = await api.QueueIdAsync(Demo.SupportTeam);
        var target = (await api.AllTicketsAsync(new TicketQuery(Assignee: TicketQuery.Unassigned, QueueId: supportQueue)))
            .First(t => t.Status is Contracts.Tickets.TicketStatus.New or Contracts.Tickets.TicketStatus.Open);

        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);
        await using var manager = await Dashboard.SignInAsync(Browser, Server, Demo.Manager);
        await ana.GoAsync("#/mine");
        await Expect(ana.Count("mine")).Not.ToHaveTextAsync("…");
        var before = int.Parse(await ana.Count("mine").InnerTextAsync());
        Assert.Equal(before, await ana.ListRows.CountAsync());
        await Expect(ana.Row(target.Id)).ToHaveCountAsync(0);
        await Expect(ana.BellCount).ToHaveCountAsync(0);
        ana.ForgetRequests();

        // The manager assigns it through the dashboard's own ticket screen.
        await manager.GoAsync($"#/unassigned/{target.Id}");
        await manager.Page.GetByLabel("Assignee").SelectOptionAsync(new SelectOptionValue { Label = "Ana Agent" });

        await Expect(ana.Row(target.Id)).ToBeVisibleAsync();
        await Expect(ana.Count("mine")).ToHaveTextAsync((before + 1).ToString());
        Assert.Equal(before + 1, await ana.ListRows.CountAsync());
        await Expect(ana.BellCount).ToHaveTextAsync("1");
        await ana.Bell.ClickAsync();
        await Expect(ana.BellPanel).ToContainTextAsync($"assigned #{target.Number}");
        await Screenshots.SaveAsync(ana.Page, "agent-bell-after-assignment");

        Assert.True(await ana.IsSamePageAsync(), "Ana's page was reloaded.");
        Assert.DoesNotContain(ana.Requests, r => r.StartsWith("GET /api/tickets", StringComparison.Ordinal));
        Assert.Empty(ana.PageErrors);
    }
}
