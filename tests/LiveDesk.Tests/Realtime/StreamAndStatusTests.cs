using System.Net;
using LiveDesk.Client;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Realtime;

public sealed class StreamAndStatusTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task SseStreamResumesFromLastEventIdWithSeqAsId()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Streamed");
        var first = await manager.ChangePriorityAsync(ticket.Id, TicketPriority.High);
        var status = await (await fixture.Server.LoginAsync(Demo.Admin)).GetRealtimeStatusAsync();
        var cursorAfterFirst = status.Head;
        var second = await manager.ChangePriorityAsync(ticket.Id, TicketPriority.Low);

        await using var sse = await SseReader.OpenAsync(fixture.Server, manager.AccessToken!, "", lastEventId: $"{cursorAfterFirst}");

        var replayed = await sse.WaitForAsync(e => e.EntityId == ticket.Id && e.Version == second.Version);
        Assert.DoesNotContain(sse.Events, e => e.EntityId == ticket.Id && e.Version == first.Version);
        var frame = sse.Frames.First(f => f.Event == "event");
        Assert.Equal($"{replayed.Seq}", sse.Frames.Single(f => f.Event == "event" && f.Data.Contains($"\"seq\":{replayed.Seq},")).Id);
        Assert.NotNull(frame.Id);

        var third = await manager.ChangeStatusAsync(ticket.Id, TicketStatus.Pending);
        await sse.WaitForAsync(e => e.EntityId == ticket.Id && e.Version == third.Version);
        var seqs = sse.Events.Select(e => e.Seq).ToList();
        Assert.Equal(seqs.Order().Distinct(), seqs);
    }

    [Fact]
    public async Task StatusReportsConnectionsAndTheLogHeadToAdminsOnly()
    {
        var admin = await fixture.Server.LoginAsync(Demo.Admin);
        var ana = await fixture.Server.LoginAsync(Demo.Ana);
        await using var live = await LiveClient.ConnectAsync(fixture.Server, Demo.Ana);
        await admin.NewTicketAsync(Demo.SupportTeam, "Counted");

        var status = await admin.GetRealtimeStatusAsync();

        Assert.True(status.Connections >= 1);
        Assert.True(status.Users >= 1);
        Assert.True(status.Rooms >= 3, "ana alone is in user:, role: and team: rooms");
        Assert.Equal(live.Cursor!.Epoch, status.Epoch);
        Assert.True(status.Head >= 1);
        await Eventually.TrueAsync(async () => (await admin.GetRealtimeStatusAsync()).EventsPerSecond > 0);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await Assert.ThrowsAsync<LiveDeskApiException>(() => ana.GetRealtimeStatusAsync())).StatusCode);
    }

    [Fact]
    public async Task HubAndStreamRefuseConnectionsWithoutAValidToken()
    {
        using var http = fixture.CreateHttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/events/stream")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("hubs/live/negotiate?negotiateVersion=1", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsync("hubs/live/negotiate?negotiateVersion=1&access_token=forged.token.value", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("openapi/v1.json")).StatusCode);
    }
}
