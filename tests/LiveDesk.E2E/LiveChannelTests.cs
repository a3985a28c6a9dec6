using System.Collections.Concurrent;
using LiveDesk.E2E.Infrastructure;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E;

/// <summary>The dashboard's live channel is the native WebSocket; what a browser cannot see of it, the page must
/// still find out.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LiveChannelTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task ARefusedTokenOnTheLiveChannelSignsTheUserOutWithAClearMessage()
    {
        await using var carla = await Dashboard.SignInAsync(Browser, Server, Demo.Carla);
        var sockets = new ConcurrentQueue<string>();
        carla.Page.WebSocket += (_, socket) => sockets.Enqueue(new Uri(socket.Url).AbsolutePath);
        // Only the live channel may find out here: every other REST call fails as a network error, never a 401.
        await carla.Page.RouteAsync("**/api/**", route =>
            new Uri(route.Request.Url).AbsolutePath == "/api/me" ? route.ContinueAsync() : route.AbortAsync());

        // Break the stored token's signature and reload: the server refuses the WebSocket handshake with a 401,
        // which a browser's WebSocket does not show to the page.
        await carla.Page.EvaluateAsync("""
            () => {
              const session = JSON.parse(localStorage.getItem("livedesk.session"));
              const token = session.token;
              session.token = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
              localStorage.setItem("livedesk.session", JSON.stringify(session));
            }
            """);
        await carla.Page.ReloadAsync();

        await Expect(carla.Page.GetByText("Your session has expired. Please sign in again."))
            .ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(carla.Page.GetByLabel("Password")).ToBeVisibleAsync();
        Assert.Contains("/live/ws", sockets);
        Assert.Contains("GET /api/me", carla.Requests);
        Assert.Empty(carla.PageErrors);
    }
}
