using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using LiveDesk.Client;
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
                ["LiveDesk__RateLimits__FloodCooldown"] = "00:00:05",
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
        var floodToken = (await Server.LoginAsync(Demo.Ben)).AccessToken;
        await using var flooder = await NativeClient.ConnectWithTokenAsync(Server, floodToken);
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
        var writes = Task.Run(async () =>
        {
            var ids = new List<long>();
            for (var i = 0; i < 5; i++)
            {
                ids.Add((await manager.NewTicketAsync(Demo.SupportTeam, $"During the flood {i}")).Id);
            }
            return ids;
        });

        Assert.Equal((WebSocketCloseStatus)NativeProtocol.CloseCodes.TooManyRequests, await flooder.Closed.WaitAsync(Eventually.DefaultTimeout));
        Assert.Contains("slow down", flooder.CloseDescription);
        // Reconnecting at once is turned away, before any work, for the cool-down.
        using (var http = Server.CreateHttpClient())
        {
            var cooling = await http.GetAsync($"live/ws?access_token={floodToken}");
            Assert.Equal(HttpStatusCode.TooManyRequests, cooling.StatusCode);
            Assert.Contains("connect again in", await cooling.Content.ReadAsStringAsync());
        }
        await flood;
        var written = await writes;
        var replies = flooder.Replies;
        Assert.Contains(replies, r => r.Ok);
        Assert.Contains(replies, r => !r.Ok && r.Error!.Contains("Too many live requests"));
        foreach (var id in written)
        {
            await bystander.WaitForAsync(e => e.EntityId == id && e.Type == EventTypes.TicketCreated);
        }
        Assert.False(bystander.Closed.IsCompleted);
        // After the cool-down, a client that behaves works again.
        var ben = await Server.LoginAsync(Demo.Ben);
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

    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task AnSdkConnectionOverTheCapSaysWhyWaitsTheLongestDelayBetweenTriesAndGetsInWhenAnotherCloses(LiveTransport transport)
    {
        var carla = await Server.LoginAsync(Demo.Carla);
        var open = new List<NativeClient>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                open.Add(await NativeClient.ConnectWithTokenAsync(Server, carla.AccessToken));
            }
            foreach (var client in open)
            {
                Assert.True((await client.ResumeAsync(null)).Ok);
            }
            var log = new RecordingLog();
            var maxDelay = TimeSpan.FromSeconds(2);
            await using var sdk = new LiveConnection(Server.BaseAddress, () => Task.FromResult(carla.AccessToken), new LiveConnectionOptions
            {
                ReconnectBaseDelay = TimeSpan.FromMilliseconds(20),
                ReconnectMaxDelay = maxDelay,
                Transport = transport,
                LoggerFactory = log,
            });
            var live = sdk.StartAsync();

            await Eventually.TrueAsync(() => Task.FromResult(sdk.RefusedBecause is not null));
            Assert.Contains("at most 20 per user", sdk.RefusedBecause);
            // Left alone, the usual backoff would try again after 20, 40, 80 ms...; refused, it waits the longest delay
            // (jittered by at most a fifth) every time.
            await Eventually.TrueAsync(() => Task.FromResult(Waits(log).Count >= 2));
            Assert.All(Waits(log), wait => Assert.True(wait >= maxDelay * 0.8, $"Waited only {wait} after a refusal:\n{log}"));
            Assert.False(live.IsCompleted);

            await open[0].DisposeAsync();
            open.RemoveAt(0);
            await live.WaitAsync(Eventually.DefaultTimeout);
            Assert.Equal(LiveConnectionState.Live, sdk.State);
            Assert.Null(sdk.RefusedBecause);
        }
        finally
        {
            foreach (var client in open)
            {
                await client.DisposeAsync();
            }
        }
    }

    /// <summary>The delays the SDK logged before reconnecting.</summary>
    private static List<TimeSpan> Waits(RecordingLog log) =>
        [.. log.ToString().Split('\n')
            .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"Reconnecting in (\S+)\."))
            .Where(m => m.Success)
            .Select(m => TimeSpan.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];
}
