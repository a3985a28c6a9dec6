using System.Collections.Concurrent;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E.Infrastructure;

/// <summary>
/// One user's browser: its own context (cookies, storage), signed in through the login screen. It records every
/// HTTP request the page makes and every WebSocket frame it receives, so tests can assert what did (not) happen on
/// the wire, and it marks the page so a test can prove there was no reload.
/// </summary>
public sealed class Dashboard : IAsyncDisposable
{
    private const string NoReloadMarker = "window.__livedeskSamePage";
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ConcurrentQueue<string> _frames = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private Dashboard(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Request += (_, request) => _requests.Enqueue($"{request.Method} {new Uri(request.Url).PathAndQuery}");
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) => _frames.Enqueue(frame.Text ?? "");
        page.PageError += (_, error) => _errors.Enqueue(error);
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    /// <summary>Requests (method, path and query) since the last <see cref="ForgetRequests"/>.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>Every text frame received on the page's WebSockets.</summary>
    public IReadOnlyList<string> SocketFrames => [.. _frames];

    public IReadOnlyList<string> PageErrors => [.. _errors];

    public ILocator Connection => Page.GetByTestId("connection");
    public ILocator ListRows => Page.Locator(".list-pane [data-ticket-id]");
    public ILocator Detail => Page.GetByTestId("ticket-detail");
    public ILocator BellCount => Page.GetByTestId("bell-count");
    public ILocator Bell => Page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Notifications") });

    /// <summary>The bell's drop-down, once it is open.</summary>
    public ILocator BellPanel => Page.GetByRole(AriaRole.Dialog, new() { Name = "Notifications" });
    public ILocator Count(string view) => Page.GetByTestId($"count-{view}");
    public ILocator Row(long ticketId) => Page.Locator($".list-pane [data-ticket-id='{ticketId}']");
    public ILocator Comments => Page.GetByTestId("comments").Locator("[data-comment-id]");

    /// <param name="beforeSignIn">Runs on the new page before it loads, e.g. to route its live channel.</param>
    /// <param name="password">For a user the test created; the demo users' password otherwise.</param>
    /// <param name="waitForLive">False for a page the server is expected to turn away (a connection over the cap).</param>
    public static async Task<Dashboard> SignInAsync(IBrowser browser, ServerProcess server, string email, int width = 1440, int height = 900,
        Func<IPage, Task>? beforeSignIn = null, string? password = null, bool waitForLive = true)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var dashboard = new Dashboard(context, await context.NewPageAsync());
        if (beforeSignIn is not null)
        {
            await beforeSignIn(dashboard.Page);
        }
        await dashboard.Page.GotoAsync("/");
        await dashboard.Page.GetByLabel("Email").FillAsync(email);
        await dashboard.Page.GetByLabel("Password").FillAsync(password ?? Demo.Password);
        await dashboard.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        if (waitForLive)
        {
            await dashboard.ExpectLiveAsync();
        }
        else
        {
            await Expect(dashboard.Connection).ToBeVisibleAsync();
        }
        await dashboard.Page.EvaluateAsync($"() => {{ {NoReloadMarker} = true; }}");
        return dashboard;
    }

    public async Task ExpectLiveAsync(float timeoutMs = 15_000) =>
        await Expect(Connection).ToHaveAttributeAsync("data-state", "live", new() { Timeout = timeoutMs });

    /// <summary>Goes to a view or ticket inside the app (a hash change, not a page load) and waits for the list.</summary>
    public async Task GoAsync(string route)
    {
        await Page.EvaluateAsync("route => { location.hash = route; }", route);
        await Expect(Page.Locator(".views a[aria-current='page']")).ToHaveCountAsync(1);
        // The view has loaded: rows, or its empty message.
        await Expect(Page.Locator(".list-pane [data-ticket-id], .list-pane .empty").First).ToBeVisibleAsync();
    }

    /// <summary>Goes to a page of the app by its hash route (no page load).</summary>
    public Task NavigateAsync(string route) => Page.EvaluateAsync("route => { location.hash = route; }", route);

    public void ForgetRequests() => _requests.Clear();

    /// <summary>The page is still the one loaded at sign-in: nothing reloaded it.</summary>
    public async Task<bool> IsSamePageAsync() => await Page.EvaluateAsync<bool>($"() => {NoReloadMarker} === true");

    /// <summary>Ticket ids in the open list, top to bottom.</summary>
    public async Task<long[]> ListedIdsAsync() =>
        [.. (await ListRows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.ticketId)")).Select(long.Parse)];

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
