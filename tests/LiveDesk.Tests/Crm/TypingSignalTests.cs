using System.Diagnostics;
using LiveDesk.Client;
using LiveDesk.Contracts.Conversations;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Crm;

/// <summary>Typing, the first ephemeral signal: relayed at once to the conversation room's other connections, only
/// from inside the room, throttled per connection, and never written to the log (so never replayed).</summary>
public sealed class TypingSignalTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task TypingReachesTheOtherSideOfTheConversationOnlyFromInsideItThrottledAndNeverLogged(LiveTransport transport)
    {
        var carlaApi = await fixture.Server.LoginAsync(Demo.Carla);
        var conversation = await carlaApi.StartConversationAsync(new StartConversationRequest("Typing test"));
        var room = Room.Conversation(conversation.Id).Name;
        var admin = await fixture.Server.LoginAsync(Demo.Admin);
        await using var ana = await LiveClient.ConnectAsync(fixture.Server, Demo.Ana, rooms: [room], transport: transport);
        await using var carla = await LiveClient.ConnectAsync(fixture.Server, Demo.Carla, rooms: [room], transport: transport);
        await using var dan = await LiveClient.ConnectAsync(fixture.Server, Demo.Dan, transport: transport);
        var headBefore = (await admin.GetRealtimeStatusAsync()).Head;
        var carlaId = await admin.UserIdAsync(Demo.Carla);

        var clock = Stopwatch.StartNew();
        Assert.True((await carla.Connection.SignalAsync(room, SignalNames.Typing)).Ok);
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await carla.Connection.SignalAsync(room, SignalNames.Typing)).Ok); // acknowledged, maybe dropped
        }
        var typing = await ana.WaitForSignalAsync(s => s.Room == room && s.Name == SignalNames.Typing);
        Assert.Equal((carlaId, 6000), (typing.UserId, typing.TtlMs));

        // Ana answers; once Carla has that, Ana has had every relayed signal of Carla's burst.
        Assert.True((await ana.Connection.SignalAsync(room, SignalNames.Typing)).Ok);
        await carla.WaitForSignalAsync(s => s.Room == room && s.UserId != carlaId);
        var relayed = ana.Signals.Count(s => s.UserId == carlaId);
        var allowed = 1 + (int)(clock.Elapsed.TotalSeconds / 2); // one per 2 s per connection
        Assert.InRange(relayed, 1, allowed);
        Assert.DoesNotContain(carla.Signals, s => s.UserId == carlaId); // never echoed to the sender

        // Outside the room: Dan may not join it, nor signal into it; a name the room kind does not carry is refused.
        Assert.False((await dan.SubscribeAsync(room)).Ok);
        var refused = await dan.Connection.SignalAsync(room, SignalNames.Typing);
        Assert.False(refused.Ok);
        Assert.Contains("Join the room", refused.Error);
        Assert.False((await ana.Connection.SignalAsync(room, "shouting")).Ok);
        Assert.False((await ana.Connection.SignalAsync("team:1", SignalNames.Typing)).Ok);
        Assert.Empty(dan.Signals);

        // Nothing was logged: the log head did not move, so no resume can ever replay a signal.
        Assert.Equal(headBefore, (await admin.GetRealtimeStatusAsync()).Head);
    }
}
