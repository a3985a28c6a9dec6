using LiveDesk.Client;
using LiveDesk.Contracts.Tickets;
using LiveDesk.E2E.Infrastructure;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E;

[Collection(BrowserCollection.Name)]
public sealed class BurstTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task AfterABurstOfFiftyNewTicketsEveryListEqualsRestAndEveryCountEqualsItsList()
    {
        var api = await Server.LoginAsync(Demo.Manager);
        var anaId = await api.UserIdAsync(Demo.Ana);
        var support = await api.QueueIdAsync(Demo.SupportTeam);
        var fieldOps = await api.QueueIdAsync(Demo.FieldOpsTeam);

        await using var manager = await Dashboard.SignInAsync(Browser, Server, Demo.Manager);
        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);
        await manager.GoAsync("#/all");
        await ana.GoAsync("#/mine");
        manager.ForgetRequests();

        // 50 creations at once across both teams, a third of them straight to Ana, with assignments racing them.
        var creations = Enumerable.Range(1, 50).Select(i => api.CreateTicketAsync(new CreateTicketRequest(
            $"Burst ticket {i}", "Created in a burst.", i % 2 == 0 ? support : fieldOps,
            i % 5 == 0 ? TicketPriority.Urgent : TicketPriority.Normal, null, i % 3 == 0 ? anaId : null)));
        var created = await Task.WhenAll(creations);
        await Task.WhenAll(created.Where(t => t.AssigneeId is null).Take(10).Select(t => api.AssignAsync(t.Id, anaId)));

        var all = (await api.AllTicketsAsync()).Select(t => t.Id).ToArray();
        await Expect(manager.Count("all")).ToHaveTextAsync(all.Length.ToString());
        Assert.Equal(all, await manager.ListedIdsAsync());

        var asAna = await Server.LoginAsync(Demo.Ana);
        var anasOpen = (await asAna.AllTicketsAsync(new TicketQuery(Assignee: TicketQuery.Me)))
            .Where(t => t.Status is not (TicketStatus.Resolved or TicketStatus.Closed)).Select(t => t.Id).ToArray();
        await Expect(ana.Count("mine")).ToHaveTextAsync(anasOpen.Length.ToString());
        Assert.Equal(anasOpen, await ana.ListedIdsAsync());
        await ana.GoAsync("#/team");
        var supportOpen = (await asAna.AllTicketsAsync(new TicketQuery(QueueId: support)))
            .Where(t => t.Status is not (TicketStatus.Resolved or TicketStatus.Closed)).Select(t => t.Id).ToArray();
        await Expect(ana.Count("team")).ToHaveTextAsync(supportOpen.Length.ToString());
        Assert.Equal(supportOpen, await ana.ListedIdsAsync());

        Assert.DoesNotContain(manager.Requests, r => r.StartsWith("GET /api/tickets", StringComparison.Ordinal));
        await Screenshots.SaveAsync(manager.Page, "manager-all-after-burst");
    }
}
