using LiveDesk.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveDesk.Tests.Realtime;

/// <summary>A live channel lives no longer than the token that opened it, so a revoked or expired login cannot keep
/// listening forever.</summary>
public sealed class TokenExpiryTests
{
    [Fact]
    public async Task HubConnectionNativeSocketAndEventStreamCloseWhenTheTokenExpires()
    {
        await using var server = await ServerProcess.StartNewAsync(new Dictionary<string, string?>
        {
            // The server's 30 s clock skew still accepts the token for connecting on a slow machine; live connections
            // close at the token's own expiry.
            ["LiveDesk__Auth__TokenLifetime"] = "00:00:03",
        });
        await using var hub = await RawHub.ConnectAsync(server, Demo.Ana);
        var closed = new TaskCompletionSource();
        hub.Connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        var token = (await server.LoginAsync(Demo.Ana)).AccessToken!;
        await using var sse = await SseReader.OpenAsync(server, token, "");
        await using var native = await NativeClient.ConnectWithTokenAsync(server, token);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await sse.Ended.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, await native.Closed.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("token expired", native.CloseDescription);

        Assert.Equal(HubConnectionState.Disconnected, hub.Connection.State);
    }
}
