using LiveDesk.E2E.Infrastructure;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E;

[Collection(BrowserCollection.Name)]
public sealed class SafeRenderingTests(BrowserFixture browser) : IAsyncLifetime
{
    private const string Hostile = "<script>window.__pwned = 'script'</script><img src=x onerror=\"window.__pwned = 'img'\"><b>bold</b> & done";
    private ServerProcess _server = null!;

    public async Task InitializeAsync() => _server = await ServerProcess.StartNewAsync();
    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task HtmlInCommentsAndTitlesIsShownAsTextAndNeverRuns()
    {
        var api = await _server.LoginAsync(Demo.Manager);
        await using var ana = await Dashboard.SignInAsync(browser.Browser, _server, Demo.Ana);
        await ana.GoAsync("#/team");

        // Arrives live while the list is open, and then as a comment while the ticket is open.
        var ticket = await api.NewTicketAsync(Demo.SupportTeam, Hostile);
        await Expect(ana.Row(ticket.Id).Locator(".title")).ToHaveTextAsync(Hostile);
        await ana.GoAsync($"#/team/{ticket.Id}");
        await Expect(ana.Page.GetByText("No comments yet.")).ToBeVisibleAsync();
        await api.AddCommentAsync(ticket.Id, Hostile);

        var body = ana.Comments.Locator(".comment-body");
        await Expect(body).ToHaveTextAsync(Hostile);
        Assert.Equal(0, await body.Locator("b, img, script").CountAsync());
        Assert.Equal(0, await ana.Page.Locator(".list-pane .title b, .ticket-detail h2 b").CountAsync());
        Assert.Null(await ana.Page.EvaluateAsync<string?>("() => window.__pwned ?? null"));
        await Screenshots.SaveAsync(ana.Page, "html-rendered-as-text");
    }
}
