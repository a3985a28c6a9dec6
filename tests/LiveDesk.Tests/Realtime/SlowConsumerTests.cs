using System.Net.WebSockets;
using System.Text;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Realtime;

/// <summary>A client that stops reading must not hold the server's memory or everyone else's delivery hostage: its
/// buffers are bounded, it alone is cut off (it would resume by cursor), and the others keep receiving every event
/// without being disconnected themselves.</summary>
public sealed class SlowConsumerTests
{
    private const int Comments = 600;

    [Theory]
    [InlineData("signalr")]
    [InlineData("native")]
    public async Task ConnectionThatStopsReadingIsCutOffWhileOthersReceiveEveryEventUninterrupted(string transport)
    {
        await using var server = await ServerProcess.StartNewAsync();
        var admin = await server.LoginAsync(Demo.Admin);
        var manager = await server.LoginAsync(Demo.Manager);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Chatty ticket");
        using var stuck = transport == "native"
            ? await ConnectNativeWithoutReadingAsync(server, manager.AccessToken!)
            : await ConnectWithoutReadingAsync(server, manager.AccessToken!);
        await using var ana = await LiveClient.ConnectAsync(server, Demo.Ana);
        await Eventually.TrueAsync(async () => (await admin.GetRealtimeStatusAsync()).Connections == 2);

        // Each comment is ~19 KB: 11 MB in all, far more than the stuck connection's socket buffers and 64 KB pipe hold.
        var body = new string('x', 19_000);
        long lastId = 0;
        for (var i = 0; i < Comments; i++)
        {
            lastId = (await manager.AddCommentAsync(ticket.Id, $"{i} {body}")).Id;
        }

        await ana.WaitForAsync(e => e.Type == EventTypes.CommentCreated && e.EntityId == lastId, TimeSpan.FromSeconds(120));
        Assert.Equal(Comments, ana.Events.Count(e => e.Type == EventTypes.CommentCreated));
        Assert.Single(ana.Resumes); // Ana was never cut off: only the connection that stopped reading was aborted.
        await Eventually.TrueAsync(async () => (await admin.GetRealtimeStatusAsync()).Connections == 1);
        Assert.True((await server.CreateHttpClient().GetAsync("health")).IsSuccessStatusCode);
    }

    /// <summary>A native WebSocket in its automatic rooms (a manager's role room gets every comment) that never reads.</summary>
    private static async Task<ClientWebSocket> ConnectNativeWithoutReadingAsync(ServerProcess server, string token)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}{NativeProtocol.Path}?access_token={Uri.EscapeDataString(token)}"),
            CancellationToken.None);
        return socket;
    }

    /// <summary>A raw WebSocket that completes the SignalR handshake and then never reads again.</summary>
    private static async Task<ClientWebSocket> ConnectWithoutReadingAsync(ServerProcess server, string token)
    {
        var socket = new ClientWebSocket();
        var uri = new Uri($"ws://127.0.0.1:{server.Port}{HubMethods.HubPath}?access_token={Uri.EscapeDataString(token)}");
        await socket.ConnectAsync(uri, CancellationToken.None);
        var handshake = Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e");
        await socket.SendAsync(handshake, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        return socket;
    }
}
