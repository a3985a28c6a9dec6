using LiveDesk.Contracts.Tickets;
using LiveDesk.E2E.Infrastructure;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E;

[Collection(BrowserCollection.Name)]
public sealed class ScreenTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task ChangedRowIsHighlightedInPlaceWithoutMovingTheListOrItsScrollPosition()
    {
        var api = await Server.LoginAsync(Demo.Manager);
        await using var manager = await Dashboard.SignInAsync(Browser, Server, Demo.Manager, height: 600);
        await manager.GoAsync("#/all");
        var order = await manager.ListedIdsAsync();
        var pane = manager.Page.Locator(".list-pane");
        await pane.EvaluateAsync("pane => { pane.scrollTop = 400; }");
        var scrolled = await pane.EvaluateAsync<double>("pane => pane.scrollTop");
        Assert.True(scrolled > 0, "The list should be long enough to scroll.");
        var target = order[order.Length / 2];
        var rowTop = await RowTopAsync(manager, target);

        var changed = await api.ChangePriorityAsync(target, TicketPriority.Urgent);
        await api.UpdateTicketAsync(target, new UpdateTicketRequest(Title: "Renamed while you watched"), changed.Version);

        await Expect(manager.Row(target).Locator(".title")).ToHaveTextAsync("Renamed while you watched");
        await Expect(manager.Row(target)).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("flash-[ab]"));
        Assert.Equal(order, await manager.ListedIdsAsync());
        Assert.Equal(scrolled, await pane.EvaluateAsync<double>("pane => pane.scrollTop"));
        Assert.Equal(rowTop, await RowTopAsync(manager, target));
    }

    [Fact]
    public async Task ListsCanBeWorkedWithTheKeyboard()
    {
        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);
        await ana.GoAsync("#/team");
        var ids = await ana.ListedIdsAsync();

        await ana.Page.GetByRole(AriaRole.Listbox).FocusAsync();
        await ana.Page.Keyboard.PressAsync("ArrowDown");
        await ana.Page.Keyboard.PressAsync("ArrowDown");
        await ana.Page.Keyboard.PressAsync("j");
        await ana.Page.Keyboard.PressAsync("k");
        await ana.Page.Keyboard.PressAsync("Enter");

        await Expect(ana.Detail).ToHaveAttributeAsync("data-ticket-id", ids[1].ToString());
        Assert.EndsWith($"#/team/{ids[1]}", ana.Page.Url);
        await ana.Page.GetByRole(AriaRole.Listbox).FocusAsync();
        await ana.Page.Keyboard.PressAsync("End");
        await ana.Page.Keyboard.PressAsync("Enter");
        await Expect(ana.Detail).ToHaveAttributeAsync("data-ticket-id", ids[^1].ToString());
    }

    [Fact]
    public async Task MainScreensAreSavedForReviewOnALaptopAndAWallDisplay()
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Server.BaseAddress.ToString() });
        var login = await context.NewPageAsync();
        await login.GotoAsync("/");
        await Expect(login.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await login.GetByLabel("Email").FillAsync(Demo.Ana);
        await login.GetByLabel("Password").FillAsync("wrong-password");
        await login.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(login.GetByRole(AriaRole.Alert)).ToContainTextAsync("Invalid email or password");
        await Screenshots.SaveAsync(login, "login-wrong-password");
        await context.CloseAsync();

        await using var laptop = await Dashboard.SignInAsync(Browser, Server, Demo.Ana, 1366, 768);
        await laptop.GoAsync("#/team");
        await Expect(laptop.ListRows.First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(laptop.Page, "agent-team-queues-laptop");

        await using var wall = await Dashboard.SignInAsync(Browser, Server, Demo.Manager, 2560, 1440);
        await wall.GoAsync("#/all");
        await Expect(wall.ListRows.First).ToBeVisibleAsync();
        var fontSize = await wall.Page.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).fontSize");
        Assert.Equal("22px", fontSize); // readable from across the room
        await Screenshots.SaveAsync(wall.Page, "manager-all-wall-display");

        await using var portal = await Dashboard.SignInAsync(Browser, Server, Demo.Carla);
        await Expect(portal.ListRows.First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(portal.Page, "customer-portal");
        Assert.True(Directory.GetFiles(Screenshots.Directory, "*.png").Length >= 4);
    }

    private static Task<double> RowTopAsync(Dashboard dashboard, long id) =>
        dashboard.Row(id).EvaluateAsync<double>("row => row.getBoundingClientRect().top");
}
