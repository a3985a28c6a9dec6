using LiveDesk.E2E.Infrastructure;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E;

/// <summary>Every page has a URL: a deep link opens it, a reload keeps it, and the back button returns to the page
/// before.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NavigationTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task DeepLinksReloadAndTheBackButtonKeepTheOpenTicket()
    {
        var api = await Server.LoginAsync(Demo.Manager);
        var ticket = await api.NewTicketAsync(Demo.SupportTeam, "Label printer prints blank labels");
        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);

        // A deep link to a ticket in a view.
        await ana.Page.GotoAsync($"/#/team/{ticket.Id}");
        await Expect(ana.Detail.GetByRole(Microsoft.Playwright.AriaRole.Heading)).ToContainTextAsync("Label printer prints blank labels");
        await Expect(ana.Page.Locator(".views a[aria-current='page']")).ToHaveAttributeAsync("data-view", "team");

        // A reload keeps the page.
        await ana.Page.ReloadAsync();
        await ana.ExpectLiveAsync();
        await Expect(ana.Detail.GetByRole(Microsoft.Playwright.AriaRole.Heading)).ToContainTextAsync("Label printer prints blank labels");

        // Another view through its link, then back.
        await ana.Page.Locator(".views a[data-view='unassigned']").ClickAsync();
        await Expect(ana.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/unassigned/{ticket.Id}$"));
        await ana.Page.GoBackAsync();
        await Expect(ana.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/team/{ticket.Id}$"));
        await Expect(ana.Page.Locator(".views a[aria-current='page']")).ToHaveAttributeAsync("data-view", "team");

        // An unknown view goes to the user's first view.
        await ana.Page.GotoAsync("/#/nowhere");
        await Expect(ana.Page.Locator(".views a[aria-current='page']")).ToHaveCountAsync(1);
        Assert.DoesNotContain("nowhere", ana.Page.Url);
        Assert.Empty(ana.PageErrors);
    }
}
