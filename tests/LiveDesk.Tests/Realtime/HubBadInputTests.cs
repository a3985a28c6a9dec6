using LiveDesk.Contracts.Realtime;
using LiveDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveDesk.Tests.Realtime;

/// <summary>Garbage from a client gets a clear answer or a hub error, and the connection stays usable.</summary>
public sealed class HubBadInputTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    public static TheoryData<string> BadRoomNames => new()
    {
        "planet:1", "", "ticket:abc", "ticket:1:public", "team:1:staff", "role:overlord", "team:-3", new string('x', 20_000), "user:1\u0000",
    };

    [Theory]
    [MemberData(nameof(BadRoomNames))]
    public async Task UnknownOrOversizedRoomNamesAreRefusedWithAClearError(string room)
    {
        await using var hub = await RawHub.ConnectAsync(fixture.Server, Demo.Ana);

        var result = await hub.Connection.InvokeAsync<SubscribeResult>(HubMethods.Subscribe, room);

        Assert.False(result.Ok);
        // The kinds every feature declared, so a client author sees what exists.
        Assert.StartsWith("Unknown room name. Expected user:{id}, role:{role}, team:{id}, queue:{id}, ticket:{id}, ticket:{id}:staff",
            result.Error);
        Assert.Contains("contact:{id}", result.Error);
        await AssertStillHealthyAsync(hub);
    }

    [Fact]
    public async Task ArgumentsOfTheWrongShapeGetHubErrorsAndTheConnectionStaysUp()
    {
        await using var hub = await RawHub.ConnectAsync(fixture.Server, Demo.Ana);

        await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync<SubscribeResult>(HubMethods.Subscribe, 12345));
        await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync<SubscribeResult>(HubMethods.Subscribe));
        await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync<SubscribeResult>(HubMethods.Subscribe, "a", "b"));
        await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync<ResumeResult>(HubMethods.Resume, "garbage"));
        await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync<ResumeResult>(HubMethods.Resume, new { seq = "nine", epoch = 4 }));
        await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync<ResumeResult>(HubMethods.Resume, new Cursor(1, new string('e', 500))));
        await Assert.ThrowsAsync<HubException>(() => hub.Connection.InvokeAsync<object>("DropAllTables"));

        await AssertStillHealthyAsync(hub);
    }

    [Fact]
    public async Task NegativeOrFutureCursorsGetResetNotAnError()
    {
        await using var hub = await RawHub.ConnectAsync(fixture.Server, Demo.Ana);
        var head = await hub.Connection.InvokeAsync<ResumeResult>(HubMethods.Resume, (Cursor?)null);

        var negative = await hub.Connection.InvokeAsync<ResumeResult>(HubMethods.Resume, new Cursor(-7, head.Epoch));
        var future = await hub.Connection.InvokeAsync<ResumeResult>(HubMethods.Resume, new Cursor(head.Head + 1_000_000, head.Epoch));

        Assert.False(negative.Recovered);
        Assert.False(future.Recovered);
        await AssertStillHealthyAsync(hub);
    }

    private async Task AssertStillHealthyAsync(RawHub hub)
    {
        Assert.Equal(HubConnectionState.Connected, hub.Connection.State);
        var ok = await hub.Connection.InvokeAsync<SubscribeResult>(HubMethods.Subscribe, "role:agent");
        Assert.True(ok.Ok);
        using var http = fixture.CreateHttpClient();
        Assert.True((await http.GetAsync("health")).IsSuccessStatusCode);
    }
}
