using LiveDesk.E2E.Infrastructure;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E;

[Collection(BrowserCollection.Name)]
public sealed class SafeRenderingTests(BrowserFixture browser) : BrowserTest(browser)
{
    private const string Hostile = "<script>window.__pwned = 'script'</script><img src=x onerror=\"window.__pwned = 'img'\"><b>bold</b> & done";

    [Fact]
    public async Task HtmlInCommentsAndTitlesIsShownAsTextAndNeverRuns()
    {
        var api = await Server.LoginAsync(Demo.Manager);
        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);
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
