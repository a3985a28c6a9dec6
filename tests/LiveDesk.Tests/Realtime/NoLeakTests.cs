using LiveDesk.Client;
using System.Text.Json;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveDesk.Tests.Realtime;

/// <summary>Promise 3: no event and no payload reaches a connection that may not see it.</summary>
public sealed class NoLeakTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task CustomerIsRefusedAnotherCustomersTicketTeamRoomsAndTheManagersRoom(LiveTransport transport)
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var users = await manager.GetUsersAsync();
        var dan = users.Single(u => u.Email == "dan@customer.test");
        var carla = users.Single(u => u.Email == Demo.Carla);
        var dansTicket = await manager.NewTicketAsync(Demo.SupportTeam, "Dan's private problem", dan.Id);
        var carlasTicket = await manager.NewTicketAsync(Demo.SupportTeam, "Carla's problem", carla.Id);
        var support = (await manager.GetTeamsAsync()).Single(t => t.Name == Demo.SupportTeam);
        await using var live = await LiveClient.ConnectAsync(fixture.Server, Demo.Carla, transport: transport);

        foreach (var room in new[]
                 {
                     $"ticket:{dansTicket.Id}", $"team:{support.Id}", "role:manager", $"user:{dan.Id}",
                     $"queue:{dansTicket.QueueId}", $"ticket:{carlasTicket.Id}:staff", "ticket:99999999",
                 })
        {
            var result = await live.SubscribeAsync(room);
            Assert.False(result.Ok, $"carla was let into {room}");
            Assert.Equal("You may not join this room.", result.Error);
        }
        Assert.True((await live.SubscribeAsync($"ticket:{carlasTicket.Id}")).Ok);
    }

    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task InternalNoteNeverReachesTheCustomerLiveByResumeByHttpOrBySseWhileThePublicCommentDoes(LiveTransport transport)
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var carlaApi = await fixture.Server.LoginAsync(Demo.Carla);
        var carlaId = (await carlaApi.GetMeAsync()).Id;
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Refund please", carlaId);
        await using var live = await LiveClient.ConnectAsync(fixture.Server, Demo.Carla, transport: transport);
        Assert.True((await live.SubscribeAsync($"ticket:{ticket.Id}")).Ok);
        var before = live.Cursor!;
        await using var sse = await SseReader.OpenAsync(fixture.Server, carlaApi.AccessToken!, $"?since={before.Seq}&epoch={before.Epoch}&rooms=ticket:{ticket.Id}");

        var ana = await fixture.Server.LoginAsync(Demo.Ana);
        var note = await ana.AddCommentAsync(ticket.Id, "INTERNAL: customer is on the fraud watch list", isInternal: true);
        var reply = await ana.AddCommentAsync(ticket.Id, "Hello Carla, your refund is on its way.", isInternal: false);

        // Live: the public reply arrives; it was written after the note, so the note would have arrived first.
        await live.WaitForAsync(e => e.Type == EventTypes.CommentCreated && e.EntityId == reply.Id);
        AssertNoInternalNote(live.Events, note.Id);

        // Resume: a fresh connection from the cursor before both comments.
        await using var resumed = await LiveClient.ConnectAsync(fixture.Server, Demo.Carla, before, [$"ticket:{ticket.Id}"], transport: transport);
        Assert.Contains(resumed.Events, e => e.EntityId == reply.Id && e.Type == EventTypes.CommentCreated);
        AssertNoInternalNote(resumed.Events, note.Id);

        // HTTP replay.
        var page = await carlaApi.GetEventsAsync(before.Seq, before.Epoch, 1000, [$"ticket:{ticket.Id}"]);
        Assert.Contains(page.Events, e => e.EntityId == reply.Id && e.Type == EventTypes.CommentCreated);
        AssertNoInternalNote(page.Events, note.Id);

        // Server-Sent Events.
        await sse.WaitForAsync(e => e.EntityId == reply.Id && e.Type == EventTypes.CommentCreated);
        AssertNoInternalNote(sse.Events, note.Id);

        // And REST agrees.
        var comments = await carlaApi.GetCommentsAsync(ticket.Id);
        Assert.Equal([reply.Id], comments.Select(c => c.Id));
    }

    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task StaffReadingTheTicketDoGetTheInternalNote(LiveTransport transport)
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Internal discussion");
        await using var ana = await LiveClient.ConnectAsync(fixture.Server, Demo.Ana, transport: transport);
        Assert.True((await ana.SubscribeAsync($"ticket:{ticket.Id}")).Ok);

        var note = await manager.AddCommentAsync(ticket.Id, "Staff only: check the logs", isInternal: true);

        var received = await ana.WaitForAsync(e => e.Type == EventTypes.CommentCreated && e.EntityId == note.Id);
        Assert.True(received.Changes.GetProperty("internal").GetBoolean());
    }

    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task MentionsAreStoredOnlyForPeopleWhoMayReadTheComment(LiveTransport transport)
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var anaId = await manager.UserIdAsync(Demo.Ana);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Who should look at this?");
        await using var ana = await LiveClient.ConnectAsync(fixture.Server, Demo.Ana, transport: transport);

        // Ben is in Field Ops and cannot see a Support ticket, so mentioning him must not hand him the comment.
        var comment = await manager.AddCommentAsync(ticket.Id, "@ana@livedesk.test and @ben@livedesk.test please check; mail x@y.test", isInternal: true);

        Assert.Equal([anaId], comment.MentionedUserIds);
        var received = await ana.WaitForAsync(e => e.Type == EventTypes.CommentCreated && e.EntityId == comment.Id);
        Assert.Equal([anaId], received.Changes.GetProperty("mentionedUserIds").EnumerateArray().Select(x => x.GetInt64()));
    }

    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task WatcherWhoLosesSightOfATicketGetsNothingMoreFromItLiveOrBySse(LiveTransport transport)
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var benApi = await fixture.Server.LoginAsync(Demo.Ben);
        var ticket = await manager.NewTicketAsync(Demo.FieldOpsTeam, "Moves to Support soon");
        await using var ben = await LiveClient.ConnectAsync(fixture.Server, Demo.Ben, transport: transport);
        Assert.True((await ben.SubscribeAsync($"ticket:{ticket.Id}")).Ok);
        // From Ben's cursor, so the stream is certain to cover the writes below however late it starts reading.
        var cursor = ben.Cursor!;
        await using var sse = await SseReader.OpenAsync(fixture.Server, benApi.AccessToken!, $"?since={cursor.Seq}&epoch={cursor.Epoch}&rooms=ticket:{ticket.Id}");

        await manager.UpdateTicketAsync(ticket.Id, new UpdateTicketRequest(QueueId: await manager.QueueIdAsync(Demo.SupportTeam)));
        var note = await manager.AddCommentAsync(ticket.Id, "Support only: this customer is difficult", isInternal: true);
        var reply = await manager.AddCommentAsync(ticket.Id, "Public: we are on it", isInternal: false);
        var sentinel = await manager.NewTicketAsync(Demo.FieldOpsTeam, "Ben still hears his own team");

        await ben.WaitForAsync(e => e.Type == EventTypes.TicketCreated && e.EntityId == sentinel.Id);
        await sse.WaitForAsync(e => e.Type == EventTypes.TicketCreated && e.EntityId == sentinel.Id);
        foreach (var events in new[] { ben.Events, sse.Events })
        {
            Assert.DoesNotContain(events, e => e.Type == EventTypes.CommentCreated && (e.EntityId == note.Id || e.EntityId == reply.Id));
        }
    }

    [Fact]
    public async Task ResumeReplaysNothingFromATicketThatMovedOutOfSightEvenBeforeTheLivePathRevokedTheWatch()
    {
        // Nothing is published live here, so the dispatcher never revokes the watch: only Resume's own check can.
        await using var server = await ServerProcess.StartNewAsync(new Dictionary<string, string?>
        {
            ["LiveDesk__Realtime__SimulateLostHandoff"] = "true",
            ["LiveDesk__Realtime__RelayPollInterval"] = "01:00:00",
        });
        var manager = await server.LoginAsync(Demo.Manager);
        var ticket = await manager.NewTicketAsync(Demo.FieldOpsTeam, "Moves to Support");
        await using var ben = await RawHub.ConnectAsync(server, Demo.Ben);
        Assert.True((await ben.Connection.InvokeAsync<SubscribeResult>(HubMethods.Subscribe, $"ticket:{ticket.Id}")).Ok);
        var start = await ben.Connection.InvokeAsync<ResumeResult>(HubMethods.Resume, (Cursor?)null);

        await manager.UpdateTicketAsync(ticket.Id, new UpdateTicketRequest(QueueId: await manager.QueueIdAsync(Demo.SupportTeam)));
        var note = await manager.AddCommentAsync(ticket.Id, "Support only", isInternal: true);
        var reply = await manager.AddCommentAsync(ticket.Id, "Public reply", isInternal: false);
        var sentinel = await manager.NewTicketAsync(Demo.FieldOpsTeam, "Ben's own team");

        var result = await ben.Connection.InvokeAsync<ResumeResult>(HubMethods.Resume, new Cursor(start.Head, start.Epoch));
        Assert.True(result.Recovered);
        await ben.WaitForAsync(e => e.Type == EventTypes.TicketCreated && e.EntityId == sentinel.Id);
        Assert.DoesNotContain(ben.Received, e => e.Type == EventTypes.CommentCreated && (e.EntityId == note.Id || e.EntityId == reply.Id));
    }

    private static void AssertNoInternalNote(IEnumerable<EventEnvelope> events, long noteId)
    {
        foreach (var e in events)
        {
            Assert.False(e.Type == EventTypes.CommentCreated && e.EntityId == noteId, "the internal note reached the customer");
            Assert.DoesNotContain("fraud watch list", e.Changes.GetRawText(), StringComparison.Ordinal);
            if (e.Changes.TryGetProperty("internal", out var isInternal))
            {
                Assert.Equal(JsonValueKind.False, isInternal.ValueKind);
            }
        }
    }
}
