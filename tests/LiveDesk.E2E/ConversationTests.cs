using LiveDesk.E2E.Infrastructure;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E;

/// <summary>The portal and the inbox talk live: a customer starts a conversation, the agent's inbox shows it without a
/// reload, her reply appears in the portal and the customer's answer in the inbox; archiving takes it out of the inbox.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConversationTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task ACustomerAndAnAgentTalkLiveBetweenPortalAndInboxAndArchivingTakesItOutOfTheInbox()
    {
        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);
        await using var carla = await Dashboard.SignInAsync(Browser, Server, Demo.Carla);
        await ana.NavigateAsync("#/inbox");
        await carla.NavigateAsync("#/messages");
        await Expect(ana.Page.GetByText("No conversations here right now.")).ToBeVisibleAsync();
        ana.ForgetRequests();

        await carla.Page.GetByLabel("Subject", new() { Exact = true }).FillAsync("Order 4711 is late");
        await carla.Page.GetByLabel("Your message", new() { Exact = true }).FillAsync("It was due on Monday.");
        await carla.Page.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

        var row = ana.Page.Locator("[data-testid='conversation-list'] li", new() { HasText = "Order 4711 is late" });
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.GetByLabel("Unread")).ToBeVisibleAsync();
        await row.ClickAsync();
        await Expect(Messages(ana)).ToHaveTextAsync([new System.Text.RegularExpressions.Regex("It was due on Monday.")]);
        // Typing is an ephemeral signal: Ana sees it while Carla types, and it ends with Carla's message.
        await carla.Page.GetByLabel("Message", new() { Exact = true }).FillAsync("Also, ");
        await Expect(ana.Page.Locator(".typing")).ToHaveTextAsync("Carla Customer is typing…");
        await ana.Page.GetByLabel("Message", new() { Exact = true }).FillAsync("It shipped this morning.");
        await ana.Page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        await Expect(Messages(carla).Last).ToContainTextAsync("It shipped this morning.");
        await carla.Page.GetByLabel("Message", new() { Exact = true }).FillAsync("Thank you!");
        await carla.Page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(Messages(ana).Last).ToContainTextAsync("Thank you!");
        // Her message ends it; a typing signal that overtook the message lapses after its 6 s at the latest.
        await Expect(ana.Page.Locator(".typing")).ToBeEmptyAsync(new() { Timeout = 10_000 });
        await Screenshots.SaveAsync(ana.Page, "inbox-conversation");
        await Screenshots.SaveAsync(carla.Page, "portal-conversation");

        // Archived from a second agent screen (the manager's), it leaves Ana's inbox live.
        await using var manager = await Dashboard.SignInAsync(Browser, Server, Demo.Manager);
        await manager.NavigateAsync("#/inbox");
        await manager.Page.Locator("[data-testid='conversation-list'] li", new() { HasText = "Order 4711 is late" }).ClickAsync();
        await manager.Page.GetByRole(AriaRole.Button, new() { Name = "Archive" }).ClickAsync();
        await Expect(row).ToHaveCountAsync(0);
        await manager.NavigateAsync("#/inbox/archived");
        await manager.Page.Locator("[data-testid='conversation-list'] li", new() { HasText = "Order 4711 is late" }).ClickAsync();
        await manager.Page.GetByRole(AriaRole.Button, new() { Name = "Unarchive" }).ClickAsync();
        await Expect(row).ToBeVisibleAsync();

        Assert.True(await ana.IsSamePageAsync(), "Ana's page was reloaded.");
        Assert.True(await carla.IsSamePageAsync(), "Carla's page was reloaded.");
        Assert.DoesNotContain(ana.Requests, r => r.StartsWith("GET /api/conversations?", StringComparison.Ordinal));
        Assert.Empty(ana.PageErrors);
        Assert.Empty(carla.PageErrors);
    }

    private static ILocator Messages(Dashboard dashboard) => dashboard.Page.Locator("[data-testid='messages'] li");
}
