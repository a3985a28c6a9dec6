using System.Net;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Realtime;

/// <summary>The node's connect budget (RateLimits:ConnectsPerSecond, ConnectQueueLimit) holds for the native WebSocket,
/// which is answered before the rate-limiting middleware, and for the hub, which goes through it.</summary>
public sealed class ConnectBudgetTests
{
    [Fact]
    public async Task ABurstOfConnectsBeyondTheBudgetGets429WithRetryAfterOnBothTransports()
    {
        // One connect per second and no queue: of a burst of 20, one fits, plus one per second the burst took.
        await using var server = await ServerProcess.StartNewAsync(new Dictionary<string, string?>
        {
            ["LiveDesk__RateLimits__ConnectsPerSecond"] = "1",
            ["LiveDesk__RateLimits__ConnectQueueLimit"] = "0",
        });
        var token = (await server.LoginAsync(Demo.Ana)).AccessToken!;
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        foreach (var path in new[] { $"{NativeProtocol.Path}?access_token={token}", $"{HubMethods.HubPath}/negotiate?negotiateVersion=1&access_token={token}" })
        {
            var method = path.StartsWith(HubMethods.HubPath, StringComparison.Ordinal) ? HttpMethod.Post : HttpMethod.Get;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => http.SendAsync(new HttpRequestMessage(method, path))));
            var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
            var allowed = 1 + (int)Math.Ceiling(clock.Elapsed.TotalSeconds);
            Assert.True(refused.Count >= 1 && 20 - refused.Count <= allowed, $"{path}: {20 - refused.Count} of 20 passed in {clock.Elapsed}");
            Assert.NotNull(refused[0].Headers.RetryAfter);
            Assert.Contains("Too many requests", await refused[0].Content.ReadAsStringAsync());
            // What got through got the endpoint's own answer: a plain GET is not a WebSocket, a negotiate succeeds.
            Assert.All(answers.Except(refused), a => Assert.True(a.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.OK, $"{path}: {a.StatusCode}"));
        }
    }
}
