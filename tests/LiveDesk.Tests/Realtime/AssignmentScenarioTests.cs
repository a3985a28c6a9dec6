using LiveDesk.Client;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveDesk.Tests.Realtime;

public sealed class AssignmentScenarioTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task AssigneeReceivesTicketAssignedEventAndFetchesFreshTicketWhileAgentOfAnotherTeamReceivesNothing(LiveTransport transport)
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var anaId = await manager.UserIdAsync(Demo.Ana);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Printer jammed on floor 2");
        await using var ana = await LiveClient.ConnectAsync(fixture.Server, Demo.Ana, transport: transport);
        await using var ben = await LiveClient.ConnectAsync(fixture.Server, Demo.Ben, transport: transport);

        var assigned = await manager.AssignAsync(ticket.Id, anaId);

        var received = await ana.WaitForAsync(e => e.Type == EventTypes.TicketAssigned && e.EntityId == ticket.Id);
        Assert.Equal(assigned.Version, received.Version);
        Assert.Equal(anaId, received.Changes.GetProperty("assigneeId").GetInt64());
        var anaApi = await fixture.Server.LoginAsync(Demo.Ana);
        var fresh = await anaApi.GetTicketAsync(ticket.Id);
        Assert.Equal(anaId, fresh.AssigneeId);
        Assert.Equal(received.Version, fresh.Version);

        // A later Field Ops change that Ben must see proves his connection was live when the assignment went out:
        // events are published in seq order, so had the assignment been routed to him he would have it by now.
        var fieldTicket = await manager.NewTicketAsync(Demo.FieldOpsTeam, "Sensor offline");
        await ben.WaitForAsync(e => e.Type == EventTypes.TicketCreated && e.EntityId == fieldTicket.Id);
        Assert.DoesNotContain(ben.Events, e => e.Entity == EntityNames.Ticket && e.EntityId == ticket.Id);
    }

    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task PreviousAssigneeHearsThatTheTicketMovedAway(LiveTransport transport)
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var benId = await manager.UserIdAsync(Demo.Ben);
        var anaId = await manager.UserIdAsync(Demo.Ana);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Escalated to field");
        await manager.AssignAsync(ticket.Id, benId);
        await using var ben = await LiveClient.ConnectAsync(fixture.Server, Demo.Ben, transport: transport);

        var reassigned = await manager.AssignAsync(ticket.Id, anaId);

        var received = await ben.WaitForAsync(e => e.Type == EventTypes.TicketAssigned && e.EntityId == ticket.Id);
        Assert.Equal(reassigned.Version, received.Version);
        Assert.Equal(anaId, received.Changes.GetProperty("assigneeId").GetInt64());
    }

    [Fact]
    public async Task ConnectionInSeveralOfAnEventsRoomsGetsTheEventOnce()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Seen through many rooms");
        await using var watcher = await RawHub.ConnectAsync(fixture.Server, Demo.Manager);
        Assert.True((await watcher.Connection.InvokeAsync<SubscribeResult>(HubMethods.Subscribe, $"ticket:{ticket.Id}")).Ok);
        Assert.True((await watcher.Connection.InvokeAsync<SubscribeResult>(HubMethods.Subscribe, $"queue:{ticket.QueueId}")).Ok);
        Assert.True((await watcher.Connection.InvokeAsync<SubscribeResult>(HubMethods.Subscribe, $"team:{ticket.TeamId}")).Ok);

        await manager.ChangeStatusAsync(ticket.Id, LiveDesk.Contracts.Tickets.TicketStatus.Pending);

        await watcher.WaitForAsync(e => e.Type == EventTypes.TicketStatusChanged && e.EntityId == ticket.Id);
        var sentinel = await manager.NewTicketAsync(Demo.FieldOpsTeam, "Sentinel");
        await watcher.WaitForAsync(e => e.EntityId == sentinel.Id);
        Assert.Single(watcher.Received, e => e.Type == EventTypes.TicketStatusChanged && e.EntityId == ticket.Id);
    }
}
