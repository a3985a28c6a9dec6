using LiveDesk.Contracts.Tickets;
using LiveDesk.E2E.Infrastructure;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E;

[Collection(BrowserCollection.Name)]
public sealed class CommentTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task CommentReachesTheOtherAgentAndTheCustomerButAnInternalNoteNeverReachesThePortal()
    {
        var api = await Server.LoginAsync(Demo.Manager);
        var carlaId = await api.UserIdAsync(Demo.Carla);
        var ticket = await api.NewTicketAsync(Demo.SupportTeam, "Router keeps rebooting", carlaId);

        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);
        await using var manager = await Dashboard.SignInAsync(Browser, Server, Demo.Manager);
        await using var carla = await Dashboard.SignInAsync(Browser, Server, Demo.Carla);
        await ana.GoAsync($"#/team/{ticket.Id}");
        await manager.GoAsync($"#/all/{ticket.Id}");
        await carla.GoAsync($"#/requested/{ticket.Id}");
        foreach (var page in new[] { ana, manager, carla })
        {
            await Expect(page.Page.GetByText("No comments yet.")).ToBeVisibleAsync();
        }

        await AddCommentAsync(manager, "We are looking into it.", internalNote: false);
        await Expect(ana.Comments).ToHaveTextAsync([new System.Text.RegularExpressions.Regex("We are looking into it\\.")]);
        await Expect(carla.Comments).ToHaveTextAsync([new System.Text.RegularExpressions.Regex("We are looking into it\\.")]);

        const string secret = "Customer is on the legacy plan, do not offer a refund";
        await AddCommentAsync(manager, secret, internalNote: true);
        await Expect(ana.Comments.Last).ToContainTextAsync(secret);
        await Expect(ana.Comments.Last).ToContainTextAsync("Internal note");
        await Screenshots.SaveAsync(ana.Page, "agent-ticket-detail-with-internal-note");

        // A public comment after the note: once it is on Carla's screen, the note would have been too.
        await AddCommentAsync(manager, "A technician will call you today.", internalNote: false);
        await Expect(carla.Comments).ToHaveCountAsync(2);
        await Expect(carla.Comments.Last).ToContainTextAsync("A technician will call you today.");
        await Expect(carla.Page.GetByTestId("comments")).Not.ToContainTextAsync(secret);
        Assert.DoesNotContain(carla.SocketFrames, frame => frame.Contains("legacy plan", StringComparison.Ordinal));
        Assert.Contains(carla.SocketFrames, frame => frame.Contains("technician will call", StringComparison.Ordinal));
        await Screenshots.SaveAsync(carla.Page, "customer-portal-ticket");

        // And REST agrees with what each screen shows.
        var asCarla = await Server.LoginAsync(Demo.Carla);
        Assert.Equal(2, (await asCarla.GetCommentsAsync(ticket.Id)).Count);
        await Expect(ana.Comments).ToHaveCountAsync(3);
    }

    private static async Task AddCommentAsync(Dashboard author, string body, bool internalNote)
    {
        var form = author.Page.Locator("form.comment-form");
        await form.Locator("textarea").FillAsync(body);
        await form.GetByRole(AriaRole.Checkbox, new() { Name = "Internal note", Exact = true }).SetCheckedAsync(internalNote);
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(form.Locator("textarea")).ToHaveValueAsync("");
    }
}
