using System.Net;
using System.Net.WebSockets;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Realtime;

/// <summary>The live protocol's native WebSocket framing (<c>/live/ws</c>) keeps the same promises as the hub: rooms
/// are authorized, nothing leaks, a cursor resumes with every missed event or an explicit reset, and bad input gets a
/// clear answer without losing the connection.</summary>
public sealed class NativeTransportTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task ConnectWithoutAValidTokenIsRefusedAndAPlainRequestGetsAClearError()
    {
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => NativeClient.ConnectWithTokenAsync(fixture.Server, null));
        Assert.Contains("401", refused.Message);
        await Assert.ThrowsAsync<WebSocketException>(() => NativeClient.ConnectWithTokenAsync(fixture.Server, "not-a-token"));

        var token = (await fixture.Server.LoginAsync(Demo.Ana)).AccessToken!;
        using var http = fixture.CreateHttpClient();
        var plain = await http.GetAsync($"{NativeProtocol.Path.TrimStart('/')}?access_token={token}");
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Contains("WebSocket", await plain.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AgentGetsHerTeamsEventsLiveAndNothingOfAnotherTeam()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        await using var ana = await NativeClient.ConnectAsync(fixture.Server, Demo.Ana);
        Assert.True((await ana.ResumeAsync(null)).Ok);

        var fieldTicket = await manager.NewTicketAsync(Demo.FieldOpsTeam, "Not Ana's business");
        var supportTicket = await manager.NewTicketAsync(Demo.SupportTeam, "Ana's team's ticket");

        var created = await ana.WaitForAsync(e => e.Type == EventTypes.TicketCreated && e.EntityId == supportTicket.Id);
        Assert.Equal(supportTicket.Version, created.Version);
        // The field ticket was written first, so it would have arrived before the barrier.
        Assert.DoesNotContain(ana.Events, e => e.EntityId == fieldTicket.Id && e.Entity == EntityNames.Ticket);
    }

    [Fact]
    public async Task CustomerGetsThePublicCommentButNeverTheInternalNoteLiveOrByResume()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var carlaId = (await (await fixture.Server.LoginAsync(Demo.Carla)).GetMeAsync()).Id;
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Refund please", carlaId);
        var othersTicket = await manager.NewTicketAsync(Demo.SupportTeam, "Someone else's");
        await using var carla = await NativeClient.ConnectAsync(fixture.Server, Demo.Carla);
        var start = (await carla.ResumeAsync(null)).Resume!;
        var refused = await carla.SubscribeAsync($"ticket:{othersTicket.Id}");
        Assert.False(refused.Ok);
        Assert.Equal("You may not join this room.", refused.Error);
        Assert.True((await carla.SubscribeAsync($"ticket:{ticket.Id}")).Ok);

        var note = await manager.AddCommentAsync(ticket.Id, "INTERNAL: check the fraud list", isInternal: true);
        var reply = await manager.AddCommentAsync(ticket.Id, "Your refund is on its way.", isInternal: false);
        await manager.AddCommentAsync(othersTicket.Id, "Not for Carla", isInternal: false);

        await carla.WaitForAsync(e => e.Type == EventTypes.CommentCreated && e.EntityId == reply.Id);
        Assert.DoesNotContain(carla.Events, e => e.Type == EventTypes.CommentCreated && e.EntityId == note.Id);
        Assert.DoesNotContain(carla.Events, e => e.EntityId == othersTicket.Id);

        // A second connection resumes from before both comments: the same answer by replay.
        await using var resumed = await NativeClient.ConnectAsync(fixture.Server, Demo.Carla);
        Assert.True((await resumed.SubscribeAsync($"ticket:{ticket.Id}")).Ok);
        var answer = await resumed.ResumeAsync(new Cursor(start.Head, start.Epoch));
        Assert.True(answer.Resume!.Recovered);
        Assert.Contains(resumed.Events, e => e.Type == EventTypes.CommentCreated && e.EntityId == reply.Id);
        Assert.DoesNotContain(resumed.Events, e => e.Type == EventTypes.CommentCreated && e.EntityId == note.Id);
    }

    [Fact]
    public async Task ResumeReplaysEveryMissedEventInOrderAndACursorFromAnotherEpochIsReset()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Replayed");
        await using var first = await NativeClient.ConnectAsync(fixture.Server, Demo.Ana);
        var cursor = (await first.ResumeAsync(null)).Resume!;

        var versions = new List<long>();
        for (var i = 0; i < 30; i++)
        {
            versions.Add((await manager.ChangePriorityAsync(ticket.Id, i % 2 == 0 ? TicketPriority.High : TicketPriority.Low)).Version);
        }

        await using var resumed = await NativeClient.ConnectAsync(fixture.Server, Demo.Ana);
        var answer = await resumed.ResumeAsync(new Cursor(cursor.Head, cursor.Epoch));
        Assert.True(answer.Ok);
        Assert.True(answer.Resume!.Recovered);
        var replayed = resumed.Events.Where(e => e.EntityId == ticket.Id && e.Entity == EntityNames.Ticket).ToList();
        Assert.Equal(versions, replayed.Select(e => e.Version));
        Assert.True(resumed.Events.Select(e => e.Seq).SequenceEqual(resumed.Events.Select(e => e.Seq).Order()), "replay was out of seq order");

        await using var stale = await NativeClient.ConnectAsync(fixture.Server, Demo.Ana);
        var reset = await stale.ResumeAsync(new Cursor(1, "another-epoch"));
        Assert.True(reset.Ok);
        Assert.False(reset.Resume!.Recovered);
        Assert.Equal(cursor.Epoch, reset.Resume.Epoch);
        Assert.Empty(stale.Events);
    }

    [Fact]
    public async Task BadRequestsGetErrorRepliesAndTheConnectionStaysUp()
    {
        await using var ana = await NativeClient.ConnectAsync(fixture.Server, Demo.Ana);

        Assert.StartsWith("The request could not be read", (await ana.SendRawAsync("{not json")).Error);
        Assert.StartsWith("The request could not be read", (await ana.SendRawAsync("[1,2]")).Error);
        Assert.Contains("Unknown request type", (await ana.SendRawAsync("{\"type\":\"drop_tables\",\"id\":0}")).Error);
        Assert.StartsWith("Unknown room name", (await ana.SubscribeAsync("planet:1")).Error);
        Assert.StartsWith("Unknown room name", (await ana.SubscribeAsync(new string('x', 10_000))).Error);
        Assert.Contains("epoch is too long", (await ana.ResumeAsync(new Cursor(1, new string('e', 500)))).Error);

        Assert.True((await ana.ResumeAsync(null)).Ok);
        Assert.False(ana.Closed.IsCompleted);
    }

    [Fact]
    public async Task MessageOverTheLimitClosesTheConnectionWithMessageTooBig()
    {
        await using var ana = await NativeClient.ConnectAsync(fixture.Server, Demo.Ana);
        var huge = "{\"type\":\"subscribe\",\"id\":1,\"room\":\"" + new string('r', NativeProtocol.MaxClientMessageBytes) + "\"}";
        await ana.SendTextAsync(huge);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await ana.Closed.WaitAsync(Eventually.DefaultTimeout));
    }
}
