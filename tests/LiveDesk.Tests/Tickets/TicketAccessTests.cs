using System.Net;
using LiveDesk.Client;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Tickets;

/// <summary>Who sees and does what: customers their own tickets, agents their teams' queues plus what is assigned
/// to them, managers and admins everything.</summary>
public sealed class TicketAccessTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task CustomerListsOnlyHerOwnTicketsAndCannotOpenSomeoneElses()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var carla = await fixture.Server.LoginAsync(Demo.Carla);
        var carlaId = (await carla.GetMeAsync()).Id;
        var others = await manager.NewTicketAsync(Demo.SupportTeam, "Somebody else's");

        var page = await carla.ListTicketsAsync(new TicketQuery(Limit: 200));

        Assert.NotEmpty(page.Items);
        Assert.All(page.Items, t => Assert.Equal(carlaId, t.RequesterId));
        Assert.Equal(page.Total, page.Items.Count);
        var error = await Assert.ThrowsAsync<LiveDeskApiException>(() => carla.GetTicketAsync(others.Id));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task CustomerCreatesATicketForHerselfButCannotChangeOrAssignIt()
    {
        var carla = await fixture.Server.LoginAsync(Demo.Carla);
        var carlaId = (await carla.GetMeAsync()).Id;

        var created = await carla.CreateTicketAsync(new CreateTicketRequest("My screen is blank", "Since this morning", null, null, null, null));

        Assert.Equal(carlaId, created.RequesterId);
        Assert.Equal(TicketStatus.New, created.Status);
        var forbidden = await Assert.ThrowsAsync<LiveDeskApiException>(() => carla.ChangeStatusAsync(created.Id, TicketStatus.Closed));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var notForOthers = await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            carla.CreateTicketAsync(new CreateTicketRequest("On behalf of someone", null, null, null, carlaId + 1, null)));
        Assert.Equal(HttpStatusCode.Forbidden, notForOthers.StatusCode);
        var internalNote = await Assert.ThrowsAsync<LiveDeskApiException>(() => carla.AddCommentAsync(created.Id, "sneaky", isInternal: true));
        Assert.Equal(HttpStatusCode.Forbidden, internalNote.StatusCode);
        Assert.Equal(created.Version, (await carla.GetTicketAsync(created.Id)).Version);
    }

    [Fact]
    public async Task AgentSeesHisTeamsQueuesAndWhatIsAssignedToHimButNotOtherTeams()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var ben = await fixture.Server.LoginAsync(Demo.Ben);
        var benId = await manager.UserIdAsync(Demo.Ben);
        var benMe = await ben.GetMeAsync();
        var supportOnly = await manager.NewTicketAsync(Demo.SupportTeam, "Support business");
        var supportForBen = await manager.NewTicketAsync(Demo.SupportTeam, "Support asks Ben");
        await manager.AssignAsync(supportForBen.Id, benId);

        var page = await ben.ListTicketsAsync(new TicketQuery(Limit: 200));

        Assert.All(page.Items, t => Assert.True(benMe.TeamIds.Contains(t.TeamId) || t.AssigneeId == benId));
        Assert.Contains(page.Items, t => t.Id == supportForBen.Id);
        Assert.DoesNotContain(page.Items, t => t.Id == supportOnly.Id);
        Assert.Equal(HttpStatusCode.NotFound,
            (await Assert.ThrowsAsync<LiveDeskApiException>(() => ben.AssignAsync(supportOnly.Id, benId))).StatusCode);
    }

    [Fact]
    public async Task ClaimingATicketSomeoneElseHoldsIs409AndAssigningACustomerIs400()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var ana = await fixture.Server.LoginAsync(Demo.Ana);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Hot potato");
        await manager.AssignAsync(ticket.Id, await manager.UserIdAsync(Demo.Manager));

        var conflict = await Assert.ThrowsAsync<LiveDeskApiException>(() => ana.ClaimAsync(ticket.Id));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var customer = await Assert.ThrowsAsync<LiveDeskApiException>(async () =>
            await manager.AssignAsync(ticket.Id, await manager.UserIdAsync(Demo.Carla)));
        Assert.Equal(HttpStatusCode.BadRequest, customer.StatusCode);

        var unassigned = await manager.AssignAsync(ticket.Id, null);
        var claimed = await ana.ClaimAsync(unassigned.Id);
        Assert.Equal(await manager.UserIdAsync(Demo.Ana), claimed.AssigneeId);
        Assert.Equal(unassigned.Version + 1, claimed.Version);
    }

    [Fact]
    public async Task DeletedTicketLeavesListsAndIsAnnouncedToWatchers()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Spam, delete me");
        await using var ana = await LiveClient.ConnectAsync(fixture.Server, Demo.Ana);
        var ana403 = await fixture.Server.LoginAsync(Demo.Ana);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await Assert.ThrowsAsync<LiveDeskApiException>(() => ana403.DeleteTicketAsync(ticket.Id))).StatusCode);

        await manager.DeleteTicketAsync(ticket.Id);

        var deleted = await ana.WaitForAsync(e => e.Type == "ticket.deleted" && e.EntityId == ticket.Id);
        Assert.Equal(ticket.Version + 1, deleted.Version);
        Assert.DoesNotContain((await manager.ListTicketsAsync(new TicketQuery(Limit: 200))).Items, t => t.Id == ticket.Id);
        Assert.Equal(HttpStatusCode.NotFound,
            (await Assert.ThrowsAsync<LiveDeskApiException>(() => manager.GetTicketAsync(ticket.Id))).StatusCode);
    }

    [Fact]
    public async Task PagingWithBeforeIsStableWhileNewTicketsArrive()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var first = await manager.ListTicketsAsync(new TicketQuery(Limit: 10));
        await manager.NewTicketAsync(Demo.SupportTeam, "Arrives between pages");
        var all = new List<TicketDto>(first.Items);
        var before = first.NextBefore;
        while (before is not null)
        {
            var page = await manager.ListTicketsAsync(new TicketQuery(Limit: 10, Before: before));
            all.AddRange(page.Items);
            before = page.NextBefore;
        }

        Assert.Equal(all.Select(t => t.Id).Distinct().Count(), all.Count);
        Assert.Equal(all.OrderByDescending(t => t.Id).Select(t => t.Id), all.Select(t => t.Id));
        Assert.Equal(first.Total, all.Count);
    }

    [Fact]
    public async Task FiltersNarrowTheListAsDocumented()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var ana = await fixture.Server.LoginAsync(Demo.Ana);
        var anaId = await manager.UserIdAsync(Demo.Ana);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Zebra-striped keyboard");
        await manager.AssignAsync(ticket.Id, anaId);
        await manager.ChangeStatusAsync(ticket.Id, TicketStatus.InProgress);

        var mine = await ana.ListTicketsAsync(new TicketQuery(Assignee: TicketQuery.Me, Status: TicketStatus.InProgress, Limit: 200));
        var search = await manager.ListTicketsAsync(new TicketQuery(Q: "zebra-STRIPED"));
        var unassigned = await manager.ListTicketsAsync(new TicketQuery(Assignee: TicketQuery.Unassigned, Limit: 200));

        Assert.Contains(mine.Items, t => t.Id == ticket.Id);
        Assert.All(mine.Items, t => { Assert.Equal(anaId, t.AssigneeId); Assert.Equal(TicketStatus.InProgress, t.Status); });
        Assert.Equal([ticket.Id], search.Items.Select(t => t.Id));
        Assert.NotEmpty(unassigned.Items);
        Assert.All(unassigned.Items, t => Assert.Null(t.AssigneeId));
        Assert.DoesNotContain(unassigned.Items, t => t.Id == ticket.Id);
    }
}
