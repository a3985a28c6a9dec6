using System.Text.RegularExpressions;
using LiveDesk.E2E.Infrastructure;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E;

/// <summary>The per-user cap on live connections (docs/realtime-protocol.md, 12. Limits), set to one here so a second tab
/// is over it: the dashboard says why and waits, rather than hammering the server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConnectionLimitTests(BrowserFixture browser) : BrowserTest(browser)
{
    protected override Task<IReadOnlyDictionary<string, string?>?> ServerEnvironmentAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>?>(new Dictionary<string, string?>
        {
            ["LiveDesk__RateLimits__MaxConnectionsPerUser"] = "1",
        });

    [Fact]
    public async Task ATabOverTheUsersConnectionCapShowsTheServersReasonAndWaitsInsteadOfRetryingInATightLoop()
    {
        var first = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);
        var firstOpen = true;
        var sockets = 0;
        var second = await Dashboard.SignInAsync(Browser, Server, Demo.Ana, waitForLive: false,
            beforeSignIn: page => { page.WebSocket += (_, _) => Interlocked.Increment(ref sockets); return Task.CompletedTask; });
        try
        {
            var reason = second.Page.GetByTestId("connection-reason");
            await Expect(reason).ToContainTextAsync("Too many live connections: at most 1 per user");
            await Screenshots.SaveAsync(second.Page, "connection-over-the-cap");

            // It counts down from the longest delay, and opens no socket meanwhile.
            var countdown = second.Connection.Locator(".muted");
            var seconds = int.Parse(Regex.Match(await countdown.InnerTextAsync(), @"\d+").Value);
            Assert.True(seconds >= 4, $"The retry is due in {seconds} s: too soon for a refusal.");
            await Expect(countdown).ToHaveTextAsync($"retry in {seconds - 3}s", new() { Timeout = 10_000 });
            Assert.Equal(1, Volatile.Read(ref sockets));
            await first.ExpectLiveAsync();

            // The first tab closes: the second gets its place (Retry now, until the server has let the first one go).
            await first.DisposeAsync();
            firstOpen = false;
            await Eventually.TrueAsync(async () =>
            {
                if (await second.Connection.GetAttributeAsync("data-state") == "live") return true;
                var retry = second.Page.GetByRole(AriaRole.Button, new() { Name = "Retry now" });
                if (await retry.IsVisibleAsync()) await retry.ClickAsync();
                return false;
            });
            await Expect(reason).ToHaveCountAsync(0);
            Assert.Empty(second.PageErrors);
        }
        finally
        {
            await second.DisposeAsync();
            if (firstOpen) await first.DisposeAsync();
        }
    }
}
