using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Realtime;

/// <summary>One user cannot take the live layer from everyone else: a cap on open connections, and a rate limit on live
/// requests that throttles, then disconnects (issue 12, must-shows 5 and 6).</summary>
public sealed class AbuseLimitTests(AbuseLimitTests.Fixture fixture) : IClassFixture<AbuseLimitTests.Fixture>
{
    /// <summary>The defaults, but a short cool-down after a flood, so the test sees it end.</summary>
    public sealed class Fixture : ServerFixture
    {
        protected override Task<IReadOnlyDictionary<string, string?>> CreateEnvironmentAsync() =>
            Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>
            {
                ["LiveDesk__RateLimits__FloodCooldown"] = "00:00:02",
            });
    }

    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task The21stConnectionOfOneUserIsRefusedWithTheReasonOnEveryFramingAndTheOther20KeepWorking()
    {
        var ana = await Server.LoginAsync(Demo.Ana);
        var open = new List<NativeClient>();
        try
        {
            for (var i = 0; i < 18; i++)
            {
                open.Add(await NativeClient.ConnectWithTokenAsync(Server, ana.AccessToken));
            }
            await using var hub = await RawHub.ConnectAsync(Server, ana);
            await using var sse = await SseReader.OpenAsync(Server, ana.AccessToken!, "");
            await sse.WaitForFrameAsync("ready");
            // Every connection is registered before the cap is tested: the 18 native ones answer a request.
            foreach (var client in open)
            {
                Assert.True((await client.ResumeAsync(null)).Ok);
            }

            // Native: accepted, then closed with 4429 and the reason (a browser cannot read a refused handshake).
            await using var native21 = await NativeClient.ConnectWithTokenAsync(Server, ana.AccessToken);
            Assert.Equal((WebSocketCloseStatus)NativeProtocol.CloseCodes.TooManyConnections, await native21.Closed.WaitAsync(Eventually.DefaultTimeout));
            Assert.Contains("at most 20 per user", native21.CloseDescription);
            // SSE: 429 with the same reason.
            using (var http = Server.CreateHttpClient())
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "api/events/stream");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ana.AccessToken);
                var refused = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
                Assert.Contains("at most 20 per user", await refused.Content.ReadAsStringAsync());
            }
            // SignalR: the hub closes it with the reason.
            RawHub? hub21 = null;
            try
            {
                hub21 = await RawHub.ConnectAsync(Server, ana);
                var closed = await hub21.Closed.WaitAsync(Eventually.DefaultTimeout);
                Assert.Contains("at most 20 per user", closed?.Message ?? "");
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                // The refusal may also end the start itself.
                Assert.Contains("at most 20 per user", e.GetBaseException().Message);
            }
            finally
            {
                if (hub21 is not null)
                {
                    await hub21.DisposeAsync();
                }
            }

            // The 20 still get events, and another user is not affected by Ana's cap.
            var manager = await Server.LoginAsync(Demo.Manager);
            await using var ben = await NativeClient.ConnectAsync(Server, Demo.Ben);
            Assert.True((await ben.ResumeAsync(null)).Ok);
            var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "For all twenty");
            await Task.WhenAll(open.Select(c => c.WaitForAsync(e => e.EntityId == ticket.Id && e.Type == EventTypes.TicketCreated))
                .Append(hub.WaitForAsync(e => e.EntityId == ticket.Id)).Append(sse.WaitForAsync(e => e.EntityId == ticket.Id)));

            // One closes, and the next one is let in.
            await open[0].DisposeAsync();
            open.RemoveAt(0);
            await Eventually.TrueAsync(async () =>
            {
                await using var next = await NativeClient.ConnectWithTokenAsync(Server, ana.AccessToken);
                var reply = next.ResumeAsync(null);
                return await Task.WhenAny(reply, next.Closed) == reply && (await reply).Ok;
            });
        }
        finally
        {
            foreach (var client in open)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AConnectionFloodingRequestsIsThrottledThenDisconnectedWhileAnotherClientsDeliveriesArrive()
    {
        await using var flooder = await NativeClient.ConnectAsync(Server, Demo.Ben);
        await using var bystander = await NativeClient.ConnectAsync(Server, Demo.Ana);
        Assert.True((await bystander.ResumeAsync(null)).Ok);
        var manager = await Server.LoginAsync(Demo.Manager);

        // Fire requests without waiting for answers, as a buggy loop would, while tickets are written for the bystander.
        var flood = Task.Run(async () =>
        {
            for (var id = 1; id <= 5_000 && !flooder.Closed.IsCompleted; id++)
            {
                try
                {
                    await flooder.SendTextAsync($"{{\"type\":\"subscribe\",\"id\":{id},\"room\":\"role:agent\"}}");
                }
                catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        });
        var written = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            written.Add((await manager.NewTicketAsync(Demo.SupportTeam, $"During the flood {i}")).Id);
        }

        Assert.Equal((WebSocketCloseStatus)NativeProtocol.CloseCodes.TooManyRequests, await flooder.Closed.WaitAsync(Eventually.DefaultTimeout));
        Assert.Contains("slow down", flooder.CloseDescription);
        await flood;
        var replies = flooder.Replies;
        Assert.Contains(replies, r => r.Ok);
        Assert.Contains(replies, r => !r.Ok && r.Error!.Contains("Too many live requests"));
        foreach (var id in written)
        {
            await bystander.WaitForAsync(e => e.EntityId == id && e.Type == EventTypes.TicketCreated);
        }
        Assert.False(bystander.Closed.IsCompleted);
        // Reconnecting at once is turned away (before any work) for the cool-down; after it, a client that behaves works.
        var ben = await Server.LoginAsync(Demo.Ben);
        using (var http = Server.CreateHttpClient())
        {
            var cooling = await http.GetAsync($"live/ws?access_token={ben.AccessToken}");
            Assert.Equal(HttpStatusCode.TooManyRequests, cooling.StatusCode);
            Assert.Contains("connect again in", await cooling.Content.ReadAsStringAsync());
        }
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await using var again = await NativeClient.ConnectWithTokenAsync(Server, ben.AccessToken);
                return (await again.SubscribeAsync("role:agent")).Ok;
            }
            catch (WebSocketException)
            {
                return false;
            }
        });
    }
}
