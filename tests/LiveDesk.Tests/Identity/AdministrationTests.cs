using System.Net;
using System.Net.WebSockets;
using LiveDesk.Client;
using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Identity;

/// <summary>People, teams and queues managed through the API, and access changes applied to open connections at once
/// (issue 14, must-shows 1, 2, 3 and 6).</summary>
public sealed class AdministrationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private ServerProcess Server => fixture.Server;

    private static string NewEmail(string who) => $"{who}-{Guid.NewGuid():N}@livedesk.test";

    private const string GoodPassword = "a long enough passphrase";

    [Fact]
    public async Task AnAdminAddsAnAgentWhoSignsInAndSeesHerTeamsTicketsWhileAgentsAndCustomersAreRefused()
    {
        var admin = await Server.LoginAsync(Demo.Admin);
        var support = await admin.TeamIdAsync(Demo.SupportTeam);
        var manager = await Server.LoginAsync(Demo.Manager);
        await using var watcher = await LiveClient.ConnectAsync(Server, Demo.Manager);
        var supportTicket = await manager.NewTicketAsync(Demo.SupportTeam, "For the new agent");
        var email = NewEmail("eve");

        var eve = await admin.CreateUserAsync(new CreateUserRequest(email, "Eve Agent", "agent", [support], GoodPassword));

        Assert.Equal(UserRole.Agent, eve.Role);
        Assert.Equal([support], eve.TeamIds);
        Assert.True(eve.Active);
        // Pickers everywhere learn of her at once.
        var created = await watcher.WaitForAsync(e => e.Type == EventTypes.UserCreated && e.EntityId == eve.Id);
        Assert.Equal(email, created.Changes.GetProperty("email").GetString());
        var eveApi = LiveDeskApiClient.Create(Server.BaseAddress);
        await eveApi.LoginAsync(email, GoodPassword);
        Assert.Contains(await eveApi.AllTicketsAsync(), t => t.Id == supportTicket.Id);
        Assert.DoesNotContain(await eveApi.AllTicketsAsync(), t => t.TeamId != support && t.AssigneeId != eve.Id);

        foreach (var (who, title) in new[] { (Demo.Ana, "for admins"), (Demo.Carla, "for admins"), (Demo.Manager, "for admins") })
        {
            var caller = await Server.LoginAsync(who);
            var refused = await Assert.ThrowsAsync<LiveDeskApiException>(() =>
                caller.CreateUserAsync(new CreateUserRequest(NewEmail("x"), "X", "agent", [], GoodPassword)));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains(title, refused.Title);
        }
        var anaApi = await Server.LoginAsync(Demo.Ana);
        var agentTeam = await Assert.ThrowsAsync<LiveDeskApiException>(() => anaApi.CreateTeamAsync("Agents' own"));
        Assert.Equal(HttpStatusCode.Forbidden, agentTeam.StatusCode);
        // The audit log says who did it; admins only.
        var audit = await admin.GetAuditAsync("user", eve.Id);
        Assert.Contains(audit.Items, a => a.Action == EventTypes.UserCreated && a.ActorId == created.ActorId && a.Summary.Contains(email));
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<LiveDeskApiException>(() => manager.GetAuditAsync())).StatusCode);
    }

    [Fact]
    public async Task BadInputDuplicateEmailsAndTheLastAdminAreRefusedWithWhy()
    {
        var admin = await Server.LoginAsync(Demo.Admin);
        var adminId = await admin.UserIdAsync(Demo.Admin);

        var duplicate = await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            admin.CreateUserAsync(new CreateUserRequest(Demo.Ana.ToUpperInvariant(), "Another Ana", "agent", [], GoodPassword)));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);

        foreach (var (request, field, says) in new[]
                 {
                     (new CreateUserRequest(NewEmail("r"), "R", "overlord", [], GoodPassword), "role", "Unknown role"),
                     (new CreateUserRequest(NewEmail("c"), "C", "customer", [], GoodPassword), "role", "portal"),
                     (new CreateUserRequest("not an email", "N", "agent", [], GoodPassword), "email", "address"),
                     (new CreateUserRequest(NewEmail("t"), "T", "agent", [999_999], GoodPassword), "teamIds", "999999"),
                     (new CreateUserRequest(NewEmail("p"), "P", "agent", [], "short"), "password", "at least 10"),
                     (new CreateUserRequest(NewEmail("n"), "", "agent", [], GoodPassword), "displayName", "1 to 200"),
                     (new CreateUserRequest(NewEmail("m"), "M", "agent", [], null), "password", "email is not configured"),
                 })
        {
            var refused = await Assert.ThrowsAsync<LiveDeskApiException>(() => admin.CreateUserAsync(request));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(says, Assert.Single(refused.Errors![field]));
        }

        // The only admin: neither demoted nor deactivated, and nothing changed.
        var demoted = await Assert.ThrowsAsync<LiveDeskApiException>(() => admin.UpdateUserAsync(adminId, new UpdateUserRequest(null, "manager", null)));
        Assert.Equal(HttpStatusCode.Conflict, demoted.StatusCode);
        Assert.Contains("last active admin", demoted.Title);
        var second = await admin.CreateUserAsync(new CreateUserRequest(NewEmail("root"), "Second Admin", "admin", [], GoodPassword));
        var secondApi = LiveDeskApiClient.Create(Server.BaseAddress);
        await secondApi.LoginAsync(second.Email, GoodPassword);
        Assert.Equal(HttpStatusCode.Conflict, (await Assert.ThrowsAsync<LiveDeskApiException>(() => secondApi.DeactivateUserAsync(second.Id))).StatusCode);
        // With a second admin, the first may step down; then the second is the last one.
        await secondApi.UpdateUserAsync(adminId, new UpdateUserRequest(null, "manager", null));
        var last = await Assert.ThrowsAsync<LiveDeskApiException>(() => secondApi.DeactivateUserAsync(second.Id));
        Assert.Equal(HttpStatusCode.Conflict, last.StatusCode);
        await secondApi.UpdateUserAsync(adminId, new UpdateUserRequest(null, "admin", null));
        Assert.Equal(UserRole.Admin, (await admin.GetMeAsync()).Role);
        // A stale If-Match is a 412, as everywhere.
        var ana = (await admin.GetUsersAsync()).Single(u => u.Email == Demo.Ana);
        var stale = await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            admin.UpdateUserAsync(ana.Id, new UpdateUserRequest("Ana", null, null), ana.Version - 1));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
    }

    [Fact]
    public async Task AMemberTakenOutOfATeamStopsGettingItsEventsOnEveryConnectionLiveAndByResumeAndGetsThemBackWhenAddedAgain()
    {
        var admin = await Server.LoginAsync(Demo.Admin);
        var manager = await Server.LoginAsync(Demo.Manager);
        var fieldOps = await admin.TeamIdAsync(Demo.FieldOpsTeam);
        var benId = await admin.UserIdAsync(Demo.Ben);
        var ben = await Server.LoginAsync(Demo.Ben);
        await using var native = await NativeClient.ConnectWithTokenAsync(Server, ben.AccessToken);
        await using var hub = await RawHub.ConnectAsync(Server, ben);
        await using var sse = await SseReader.OpenAsync(Server, ben.AccessToken!, "");
        await sse.WaitForFrameAsync("ready");
        // Not vacuous: a Field Ops ticket reaches all three while he is in the team.
        var before = await manager.NewTicketAsync(Demo.FieldOpsTeam, "Before the move");
        await Task.WhenAll(native.WaitForAsync(IsCreated(before.Id)), hub.WaitForAsync(IsCreated(before.Id)), sse.WaitForAsync(IsCreated(before.Id)));
        var cursorBefore = native.Events.Max(e => e.Seq);
        try
        {
            await admin.RemoveTeamMemberAsync(fieldOps, benId);
            // He learns it himself, on each connection, so his screens can drop the team's tickets.
            await Task.WhenAll(native.WaitForAsync(IsMembership(EventTypes.TeamMemberRemoved, benId)),
                hub.WaitForAsync(IsMembership(EventTypes.TeamMemberRemoved, benId)),
                sse.WaitForAsync(IsMembership(EventTypes.TeamMemberRemoved, benId)));

            var after = await manager.NewTicketAsync(Demo.FieldOpsTeam, "After the move");
            // A marker that does reach him, written after: when it arrives, the Field Ops event would have too.
            var marker = await manager.NewTicketAsync(Demo.SupportTeam, "Marker for Ben");
            marker = await manager.AssignAsync(marker.Id, benId, marker.Version);
            await Task.WhenAll(native.WaitForAsync(IsAssigned(marker.Id)), hub.WaitForAsync(IsAssigned(marker.Id)), sse.WaitForAsync(IsAssigned(marker.Id)));
            Assert.DoesNotContain(native.Events, e => e.EntityId == after.Id && e.Entity == EntityNames.Ticket);
            Assert.DoesNotContain(hub.Received, e => e.EntityId == after.Id && e.Entity == EntityNames.Ticket);
            Assert.DoesNotContain(sse.Events, e => e.EntityId == after.Id && e.Entity == EntityNames.Ticket);
            Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<LiveDeskApiException>(() => ben.GetTicketAsync(after.Id))).StatusCode);

            // Nor by replay: resuming from before the move gives the marker and not the Field Ops ticket.
            var replayed = await NativeClient.ConnectWithTokenAsync(Server, ben.AccessToken);
            await using (replayed)
            {
                var resumed = await replayed.ResumeAsync(new Cursor(cursorBefore, null));
                Assert.True(resumed.Ok, resumed.Error);
                await replayed.WaitForAsync(IsAssigned(marker.Id));
                Assert.DoesNotContain(replayed.Events, e => e.EntityId == after.Id && e.Entity == EntityNames.Ticket);
            }

            // Added back: the team's events reach the same connections, without reconnecting.
            await admin.AddTeamMemberAsync(fieldOps, benId);
            await native.WaitForAsync(IsMembership(EventTypes.TeamMemberAdded, benId));
            var back = await manager.NewTicketAsync(Demo.FieldOpsTeam, "Back in the team");
            await Task.WhenAll(native.WaitForAsync(IsCreated(back.Id)), hub.WaitForAsync(IsCreated(back.Id)), sse.WaitForAsync(IsCreated(back.Id)));
            Assert.False(native.Closed.IsCompleted);
            Assert.False(hub.Closed.IsCompleted);
        }
        finally
        {
            await admin.AddTeamMemberAsync(fieldOps, benId);
        }
    }

    [Fact]
    public async Task ADeactivatedUsersConnectionsCloseAndHerTokensAreRefusedUntilReactivated()
    {
        var admin = await Server.LoginAsync(Demo.Admin);
        var support = await admin.TeamIdAsync(Demo.SupportTeam);
        var email = NewEmail("fay");
        var fay = await admin.CreateUserAsync(new CreateUserRequest(email, "Fay Agent", "agent", [support], GoodPassword));
        var fayApi = LiveDeskApiClient.Create(Server.BaseAddress);
        await fayApi.LoginAsync(email, GoodPassword);
        await using var native = await NativeClient.ConnectWithTokenAsync(Server, fayApi.AccessToken);
        await using var hub = await RawHub.ConnectAsync(Server, fayApi);
        await using var sse = await SseReader.OpenAsync(Server, fayApi.AccessToken!, "");
        await sse.WaitForFrameAsync("ready");

        var deactivated = await admin.DeactivateUserAsync(fay.Id);

        Assert.False(deactivated.Active);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await native.Closed.WaitAsync(Eventually.DefaultTimeout));
        Assert.Contains("deactivated", native.CloseDescription ?? "", StringComparison.OrdinalIgnoreCase);
        await hub.Closed.WaitAsync(Eventually.DefaultTimeout);
        await sse.Ended.WaitAsync(Eventually.DefaultTimeout);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<LiveDeskApiException>(() => fayApi.GetMeAsync())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<LiveDeskApiException>(() => fayApi.RefreshAsync())).StatusCode);
        var signIn = await Assert.ThrowsAsync<LiveDeskApiException>(() => LiveDeskApiClient.Create(Server.BaseAddress).LoginAsync(email, GoodPassword));
        Assert.Equal(HttpStatusCode.Forbidden, signIn.StatusCode);
        Assert.Contains("deactivated", signIn.Title);
        using (var http = Server.CreateHttpClient())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"live/ws?access_token={fayApi.AccessToken}")).StatusCode);
        }
        // Nobody can give her work meanwhile.
        var manager = await Server.LoginAsync(Demo.Manager);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Not for Fay");
        Assert.Equal(HttpStatusCode.BadRequest,
            (await Assert.ThrowsAsync<LiveDeskApiException>(() => manager.AssignAsync(ticket.Id, fay.Id, ticket.Version))).StatusCode);

        await admin.ReactivateUserAsync(fay.Id);
        await fayApi.LoginAsync(email, GoodPassword);
        Assert.Equal(email, (await fayApi.GetMeAsync()).Email);
    }

    [Fact]
    public async Task LogoutClosesThatDevicesLiveConnectionsAndNoOther()
    {
        var laptop = await Server.LoginAsync(Demo.Ana);
        var phone = await Server.LoginAsync(Demo.Ana);
        await using var laptopLive = await NativeClient.ConnectWithTokenAsync(Server, laptop.AccessToken);
        await using var phoneLive = await NativeClient.ConnectWithTokenAsync(Server, phone.AccessToken);
        Assert.True((await phoneLive.ResumeAsync(null)).Ok);

        await laptop.LogoutAsync();

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, await laptopLive.Closed.WaitAsync(Eventually.DefaultTimeout));
        Assert.Contains("session has ended", laptopLive.CloseDescription);
        // The phone is still live: the next ticket reaches it.
        var manager = await Server.LoginAsync(Demo.Manager);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Still live on the phone");
        await phoneLive.WaitForAsync(IsCreated(ticket.Id));
        Assert.False(phoneLive.Closed.IsCompleted);
    }

    [Fact]
    public async Task AConnectionMovesToAFreshTokenOfTheSameUserOnlyAndABadOneChangesNothing()
    {
        var ana = await Server.LoginAsync(Demo.Ana);
        await using var live = await NativeClient.ConnectWithTokenAsync(Server, ana.AccessToken);
        var pair = await ana.RefreshAsync();

        Assert.True((await live.ReauthenticateAsync(pair.AccessToken)).Ok);
        var other = await live.ReauthenticateAsync((await Server.LoginAsync(Demo.Ben)).AccessToken);
        Assert.False(other.Ok);
        Assert.Contains("another user", other.Error);
        var garbage = await live.ReauthenticateAsync("not.a.token");
        Assert.False(garbage.Ok);
        Assert.Contains("not valid", garbage.Error);
        Assert.True((await live.ResumeAsync(null)).Ok);
    }

    [Fact]
    public async Task TeamsAndQueuesAreManagedLiveAndAQueueMovedToAnotherTeamTakesItsTickets()
    {
        var manager = await Server.LoginAsync(Demo.Manager);
        await using var ana = await LiveClient.ConnectAsync(Server, Demo.Ana);
        var name = $"Escalations {Guid.NewGuid():N}"[..24];
        var team = await manager.CreateTeamAsync(name);
        await ana.WaitForAsync(e => e.Type == EventTypes.TeamCreated && e.EntityId == team.Id);
        Assert.Equal(HttpStatusCode.Conflict, (await Assert.ThrowsAsync<LiveDeskApiException>(() => manager.CreateTeamAsync(name.ToUpperInvariant()))).StatusCode);

        var support = await manager.TeamIdAsync(Demo.SupportTeam);
        var queue = await manager.CreateQueueAsync($"Q {name}", support);
        await ana.WaitForAsync(e => e.Type == EventTypes.QueueCreated && e.EntityId == queue.Id);
        var ticket = await manager.CreateTicketAsync(new Contracts.Tickets.CreateTicketRequest("In the new queue", "", queue.Id,
            Contracts.Tickets.TicketPriority.Normal, null, null));
        await ana.WaitForAsync(IsCreated(ticket.Id));

        var moved = await manager.UpdateQueueAsync(queue.Id, new UpdateQueueRequest(null, team.Id, null), queue.Version);

        Assert.Equal(team.Id, moved.TeamId);
        Assert.Equal(team.Id, (await manager.GetTicketAsync(ticket.Id)).TeamId);
        // Ana (Support) sees it leave her team, and can no longer open it.
        await ana.WaitForAsync(e => e.EntityId == ticket.Id && e.Type == EventTypes.TicketUpdated
            && e.Changes.GetProperty("teamId").GetInt64() == team.Id);
        var anaApi = await Server.LoginAsync(Demo.Ana);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<LiveDeskApiException>(() => anaApi.GetTicketAsync(ticket.Id))).StatusCode);

        var archived = await manager.UpdateQueueAsync(queue.Id, new UpdateQueueRequest(null, null, true), moved.Version);
        Assert.True(archived.Archived);
        var refused = await Assert.ThrowsAsync<LiveDeskApiException>(() => manager.CreateTicketAsync(new Contracts.Tickets.CreateTicketRequest(
            "Into an archived queue", "", queue.Id, Contracts.Tickets.TicketPriority.Normal, null, null)));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("archived", Assert.Single(refused.Errors!["queueId"]));
    }

    private static Func<EventEnvelope, bool> IsCreated(long ticketId) =>
        e => e.Type == EventTypes.TicketCreated && e.EntityId == ticketId;

    private static Func<EventEnvelope, bool> IsAssigned(long ticketId) =>
        e => e.Type == EventTypes.TicketAssigned && e.EntityId == ticketId;

    private static Func<EventEnvelope, bool> IsMembership(string type, long userId) =>
        e => e.Type == type && e.Changes.GetProperty("userId").GetInt64() == userId;
}
