using System.Collections.Concurrent;
using System.Text.Json;
using LiveDesk.Client;
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
        // Only the live channel may find out here: every other REST call fails as a network error, never a 401. The
        // page may still try to renew the token (POST /api/auth/refresh), which is refused too.
        await carla.Page.RouteAsync("**/api/**", route =>
            new Uri(route.Request.Url).AbsolutePath is "/api/me" or "/api/auth/refresh" ? route.ContinueAsync() : route.AbortAsync());

        // Break the stored token's signature, and the refresh token with it, and reload: the server refuses the
        // WebSocket handshake with a 401, which a browser's WebSocket does not show to the page, and the refresh.
        await carla.Page.EvaluateAsync("""
            () => {
              const session = JSON.parse(localStorage.getItem("livedesk.session"));
              const token = session.token;
              session.token = token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
              session.refreshToken = "not-a-refresh-token";
              localStorage.setItem("livedesk.session", JSON.stringify(session));
            }
            """);
        await carla.Page.ReloadAsync();

        await Expect(carla.Page.GetByText("Your session has expired. Please sign in again."))
            .ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(carla.Page.GetByLabel("Password")).ToBeVisibleAsync();
        Assert.Contains("/live/ws", sockets);
        Assert.Contains("GET /api/me", carla.Requests);
        Assert.Contains("POST /api/auth/refresh", carla.Requests);
        Assert.Empty(carla.PageErrors);
    }

    [Fact]
    public async Task SignOutEndsTheSessionOnTheServerSoItsTokensStopWorkingAtOnce()
    {
        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);
        var stored = await ana.Page.EvaluateAsync<JsonElement>("() => JSON.parse(localStorage.getItem('livedesk.session'))");
        var api = LiveDeskApiClient.Create(Server.BaseAddress);
        api.AccessToken = stored.GetProperty("token").GetString();
        Assert.Equal(Demo.Ana, (await api.GetMeAsync()).Email);

        await ana.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(ana.Page.GetByLabel("Password")).ToBeVisibleAsync();
        Assert.Contains("POST /api/auth/logout", ana.Requests);
        Assert.Null(await ana.Page.EvaluateAsync<string?>("() => localStorage.getItem('livedesk.session')"));
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await api.GetMeAsync();
                return false;
            }
            catch (LiveDeskApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Unauthorized)
            {
                return true;
            }
        });
        var refused = await Assert.ThrowsAsync<LiveDeskApiException>(() => api.RefreshAsync(stored.GetProperty("refreshToken").GetString()));
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}
