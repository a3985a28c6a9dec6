using LiveDesk.Client;
using LiveDesk.Contracts.Notifications;
using LiveDesk.Contracts.Tickets;
using LiveDesk.E2E.Infrastructure;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E;

/// <summary>The notification centre in the dashboard and the portal: the bell reads the server's notifications and
/// follows their events live in every tab; settings are saved on the server; urgent ones reach the desktop.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NotificationCentreTests(BrowserFixture browser) : BrowserTest(browser)
{
    /// <summary>Replaces window.Notification with a wrapper that records every desktop notification raised, and lets
    /// the test hide the page (document.visibilityState) as a background tab would be.</summary>
    private const string DesktopProbe = """
        (() => {
          const Original = window.Notification;
          window.__desktop = [];
          class Recording extends Original {
            static get permission() { return Original.permission; }
            static requestPermission(...args) { return Original.requestPermission(...args); }
            constructor(title, options) {
              window.__desktop.push({ title, body: options?.body ?? "", tag: options?.tag ?? "" });
              super(title, options);
            }
          }
          window.Notification = Recording;
          let hidden = false;
          Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (hidden ? "hidden" : "visible") });
          Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
          window.__setHidden = value => { hidden = value; document.dispatchEvent(new Event("visibilitychange")); };
        })();
        """;

    [Fact]
    public async Task AnAssignmentByTheManagerRaisesAnasBadgeAndFillsHerOpenDropDownWithoutReload()
    {
        var manager = await Server.LoginAsync(Demo.Manager);
        var anaId = await manager.UserIdAsync(Demo.Ana);
        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);
        await ana.Bell.ClickAsync();
        await Expect(ana.BellPanel).ToContainTextAsync("Nothing yet");
        await Expect(ana.BellCount).ToHaveCountAsync(0);
        ana.ForgetRequests();

        var ticket = await AssignNewTicketAsync(manager, anaId, "Printer on fire");

        var item = ana.BellPanel.Locator(".notification", new() { HasText = $"assigned #{ticket.Number} to you" });
        await Expect(ana.BellCount).ToHaveTextAsync("1");
        await Expect(item).ToContainTextAsync("Printer on fire");
        await Expect(item.GetByRole(AriaRole.Img, new() { Name = "Unread" })).ToBeVisibleAsync();
        await Expect(ana.Page.Locator(".toast", new() { HasText = $"assigned #{ticket.Number} to you" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(ana.Page, "notification-bell-live");
        // The event itself updated badge and list: nothing was polled or fetched again.
        Assert.DoesNotContain(ana.Requests, r => r.StartsWith("GET /api/notifications", StringComparison.Ordinal));

        // Opening it shows its ticket and marks it read, on the server too.
        await item.GetByRole(AriaRole.Button, new() { NameRegex = new($"assigned #{ticket.Number}") }).ClickAsync();
        await Expect(ana.Detail).ToContainTextAsync("Printer on fire");
        await Expect(ana.BellCount).ToHaveCountAsync(0);
        Assert.Equal(0, await (await Server.LoginAsync(Demo.Ana)).UnreadNotificationCountAsync());
        Assert.True(await ana.IsSamePageAsync(), "Ana's page was reloaded.");
        Assert.Empty(ana.PageErrors);
    }

    [Fact]
    public async Task MarkAllReadInOneTabIsMirroredInTheOtherTabOfTheSameUser()
    {
        var manager = await Server.LoginAsync(Demo.Manager);
        var anaId = await manager.UserIdAsync(Demo.Ana);
        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);
        var (second, secondErrors) = await OpenSecondTabAsync(ana);
        await AssignNewTicketAsync(manager, anaId, "Label printer jams");
        await AssignNewTicketAsync(manager, anaId, "Scanner offline");
        await Expect(ana.BellCount).ToHaveTextAsync("2");
        await Expect(second.GetByTestId("bell-count")).ToHaveTextAsync("2");
        await second.GetByRole(AriaRole.Button, new() { NameRegex = new("^Notifications") }).ClickAsync();
        var secondPanel = second.GetByRole(AriaRole.Dialog, new() { Name = "Notifications" });
        await Expect(secondPanel.Locator(".notification.unread")).ToHaveCountAsync(2);

        await ana.Bell.ClickAsync();
        await ana.BellPanel.GetByRole(AriaRole.Button, new() { Name = "Mark all read" }).ClickAsync();

        await Expect(ana.BellCount).ToHaveCountAsync(0);
        await Expect(second.GetByTestId("bell-count")).ToHaveCountAsync(0);
        await Expect(secondPanel.Locator(".notification.unread")).ToHaveCountAsync(0);
        await Expect(secondPanel.Locator(".notification.read")).ToHaveCountAsync(2);
        await Screenshots.SaveAsync(second, "notification-bell-read-in-other-tab");
        Assert.Equal(0, await (await Server.LoginAsync(Demo.Ana)).UnreadNotificationCountAsync());
        Assert.True(await ana.IsSamePageAsync(), "The first tab was reloaded.");
        Assert.Empty(ana.PageErrors);
        Assert.Empty(secondErrors);
    }

    [Fact]
    public async Task NotificationSettingsShowTheServersFieldErrorAndAreStillThereAfterAReload()
    {
        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);
        await ana.NavigateAsync("#/settings/notifications");
        var page = ana.Page;
        var replyEmail = page.GetByLabel("Replies: Email", new() { Exact = true });
        var mentionDesktop = page.GetByLabel("Mentions: Desktop", new() { Exact = true });
        await Expect(replyEmail).Not.ToBeCheckedAsync();
        await Expect(mentionDesktop).ToBeCheckedAsync();

        await replyEmail.CheckAsync();
        await mentionDesktop.UncheckAsync();
        await page.GetByLabel("Replies: which", new() { Exact = true }).SelectOptionAsync("teams");
        await page.GetByLabel("Quiet hours", new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Quiet from").FillAsync("21:30");
        await page.GetByLabel("Quiet until").FillAsync("21:30");
        await page.GetByLabel("Time zone").SelectOptionAsync("Europe/Berlin");
        await page.GetByRole(AriaRole.Group, new() { Name = "Quiet on" }).GetByLabel("Sat", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        // The server refuses an end equal to the start, and says so beside that field; nothing was saved.
        var endError = page.Locator(".field-error[data-field='quietHours.end']");
        await Expect(endError).ToContainTextAsync("end must differ from start");
        Assert.Equal(0, (await (await Server.LoginAsync(Demo.Ana)).GetNotificationPreferencesAsync()).Version);
        await Screenshots.SaveAsync(page, "notification-settings-field-error");

        await page.GetByLabel("Quiet until").FillAsync("06:45");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." })).ToBeVisibleAsync();
        await Expect(endError).ToHaveCountAsync(0);

        await page.ReloadAsync();
        await ana.ExpectLiveAsync();
        await Expect(replyEmail).ToBeCheckedAsync();
        await Expect(mentionDesktop).Not.ToBeCheckedAsync();
        await Expect(page.GetByLabel("Replies: which", new() { Exact = true })).ToHaveValueAsync("teams");
        await Expect(page.GetByLabel("Quiet hours", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Quiet from")).ToHaveValueAsync("21:30");
        await Expect(page.GetByLabel("Quiet until")).ToHaveValueAsync("06:45");
        await Expect(page.GetByLabel("Time zone")).ToHaveValueAsync("Europe/Berlin");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Quiet on" }).GetByLabel("Sat", new() { Exact = true })).ToBeCheckedAsync();
        await Screenshots.SaveAsync(page, "notification-settings");

        var saved = await (await Server.LoginAsync(Demo.Ana)).GetNotificationPreferencesAsync();
        Assert.True(saved.Types[NotificationTypes.TicketReply].Email);
        Assert.Equal(NotificationScopes.Teams, saved.Types[NotificationTypes.TicketReply].Scope);
        Assert.False(saved.Types[NotificationTypes.TicketMentioned].Desktop);
        Assert.Equal("Europe/Berlin", saved.QuietHours?.TimeZone);
        Assert.Contains("sat", saved.QuietHours!.Days);
        Assert.Empty(ana.PageErrors);
    }

    [Fact]
    public async Task SettingsFollowAChangeFromAnotherDeviceLiveAndAStaleSaveSaysSomeoneChangedThem()
    {
        var anaApi = await Server.LoginAsync(Demo.Ana);
        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);
        await ana.NavigateAsync("#/settings/notifications");
        var page = ana.Page;
        var replyEmail = page.GetByLabel("Replies: Email", new() { Exact = true });
        var statusEmail = page.GetByLabel("My request resolved or closed: Email", new() { Exact = true });
        await Expect(replyEmail).Not.ToBeCheckedAsync();

        // Another device turns reply email on: the open page shows it without a reload.
        var current = await anaApi.GetNotificationPreferencesAsync();
        current = await anaApi.UpdateNotificationPreferencesAsync(new UpdateNotificationPreferencesRequest(
            new Dictionary<string, TypePreference> { [NotificationTypes.TicketReply] = new(true, false, true, NotificationScopes.Mine) }, null, null), current.Version);
        await Expect(replyEmail).ToBeCheckedAsync();

        // Now Ana is editing, and the other device changes them again: her save must not overwrite it blindly.
        await statusEmail.CheckAsync();
        await anaApi.UpdateNotificationPreferencesAsync(new UpdateNotificationPreferencesRequest(
            new Dictionary<string, TypePreference> { [NotificationTypes.TicketReply] = new(true, false, false, NotificationScopes.Mine) }, null, null), current.Version);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "just changed in another tab or device" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Someone changed these settings meanwhile" })).ToBeVisibleAsync();
        await Expect(replyEmail).Not.ToBeCheckedAsync();
        await Expect(statusEmail).Not.ToBeCheckedAsync();
        var saved = await anaApi.GetNotificationPreferencesAsync();
        Assert.Equal(current.Version + 1, saved.Version);
        Assert.False(saved.Types[NotificationTypes.TicketStatus].Email);
        Assert.True(await ana.IsSamePageAsync(), "The page was reloaded.");
        Assert.Empty(ana.PageErrors);
    }

    [Fact]
    public async Task AnUrgentAssignmentRaisesOneDesktopNotificationWhileThePageIsHiddenAndNoneWhileItIsVisible()
    {
        var manager = await Server.LoginAsync(Demo.Manager);
        var anaId = await manager.UserIdAsync(Demo.Ana);
        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana, beforeSignIn: async page =>
        {
            await page.Context.GrantPermissionsAsync(["notifications"]);
            await page.Context.AddInitScriptAsync(DesktopProbe);
        });
        var (second, secondErrors) = await OpenSecondTabAsync(ana);
        Assert.Equal("granted", await ana.Page.EvaluateAsync<string>("() => Notification.permission"));
        // The settings page shows the preferences the tab decides with: desktop is on for assignments.
        await ana.NavigateAsync("#/settings/notifications");
        await Expect(ana.Page.GetByLabel("Assigned to me: Desktop", new() { Exact = true })).ToBeCheckedAsync();
        await second.EvaluateAsync("() => { location.hash = '#/settings/notifications'; }");
        await Expect(second.GetByLabel("Assigned to me: Desktop", new() { Exact = true })).ToBeCheckedAsync();

        // Visible: a toast, no desktop notification.
        var seen = await AssignNewTicketAsync(manager, anaId, "Server room too hot", TicketPriority.Urgent);
        await Expect(ana.Page.Locator(".toast.priority-urgent", new() { HasText = $"assigned #{seen.Number}" })).ToBeVisibleAsync();
        await Expect(second.Locator(".toast.priority-urgent", new() { HasText = $"assigned #{seen.Number}" })).ToBeVisibleAsync();
        Assert.Equal(0, await DesktopNotificationsSettledAsync(ana.Page) + await DesktopNotificationsSettledAsync(second));

        // Both tabs in the background: exactly one of them raises it.
        await ana.Page.EvaluateAsync("() => window.__setHidden(true)");
        await second.EvaluateAsync("() => window.__setHidden(true)");
        var hidden = await AssignNewTicketAsync(manager, anaId, "Cooling failed", TicketPriority.Urgent);
        await Expect(ana.Page.Locator(".toast", new() { HasText = $"assigned #{hidden.Number}" })).ToBeVisibleAsync();
        await Expect(second.Locator(".toast", new() { HasText = $"assigned #{hidden.Number}" })).ToBeVisibleAsync();
        Assert.Equal(1, await DesktopNotificationsSettledAsync(ana.Page) + await DesktopNotificationsSettledAsync(second));
        var raised = await ana.Page.EvaluateAsync<string>("() => JSON.stringify(window.__desktop)") +
            await second.EvaluateAsync<string>("() => JSON.stringify(window.__desktop)");
        Assert.Contains($"assigned #{hidden.Number} to you", raised);
        Assert.Contains("Cooling failed", raised);
        Assert.DoesNotContain($"#{seen.Number} ", raised);
        Assert.Empty(ana.PageErrors);
        Assert.Empty(secondErrors);
    }

    [Fact]
    public async Task ACustomerSnoozesAndDeletesReplyNotificationsOnHerPortalNotificationsPage()
    {
        var manager = await Server.LoginAsync(Demo.Manager);
        var carlaId = await manager.UserIdAsync(Demo.Carla);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Invoice is wrong", carlaId);
        await using var carla = await Dashboard.SignInAsync(Browser, Server, Demo.Carla);
        await carla.NavigateAsync("#/notifications");
        await Expect(carla.Page.GetByText("No notifications.")).ToBeVisibleAsync();

        await manager.AddCommentAsync(ticket.Id, "We are looking into it.");
        await manager.AddCommentAsync(ticket.Id, "Fixed: a corrected invoice is on its way.");
        var items = carla.Page.Locator(".notifications-page .notification");
        await Expect(items).ToHaveCountAsync(2);
        await Expect(carla.BellCount).ToHaveTextAsync("2");
        await Expect(carla.Page.GetByTestId("unread-count")).ToHaveTextAsync("2 unread");
        await Screenshots.SaveAsync(carla.Page, "portal-notifications");

        var first = items.Filter(new() { HasText = "We are looking into it." });
        await first.GetByRole(AriaRole.Button, new() { Name = "Snooze" }).ClickAsync();
        await first.GetByRole(AriaRole.Button, new() { Name = "1 hour" }).ClickAsync();
        await Expect(items).ToHaveCountAsync(1);
        await Expect(carla.BellCount).ToHaveTextAsync("1");

        var second = items.Filter(new() { HasText = "corrected invoice" });
        await second.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(items).ToHaveCountAsync(0);
        await Expect(carla.BellCount).ToHaveCountAsync(0);

        // The server agrees: the snoozed one is left out until its time, the deleted one is gone.
        var carlaApi = await Server.LoginAsync(Demo.Carla);
        Assert.Empty((await carlaApi.ListNotificationsAsync()).Items);
        Assert.Equal(0, await carlaApi.UnreadNotificationCountAsync());
        Assert.True(await carla.IsSamePageAsync(), "The page was reloaded.");
        Assert.Empty(carla.PageErrors);
    }

    [Fact]
    public async Task AnAdminsAnnouncementToAgentsAppearsInAnOpenAgentBellAndNotInACustomersPortal()
    {
        await using var admin = await Dashboard.SignInAsync(Browser, Server, Demo.Admin);
        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);
        await using var carla = await Dashboard.SignInAsync(Browser, Server, Demo.Carla);
        await admin.NavigateAsync("#/announcements");
        var form = admin.Page.GetByRole(AriaRole.Form, new() { Name = "New announcement" });
        await form.GetByLabel("Title").FillAsync("Desk maintenance at 22:00");
        await form.GetByLabel("Message").FillAsync("Save your drafts; the desk is down for 15 minutes.");
        await form.GetByLabel("Audience").SelectOptionAsync("role:agent");
        await form.GetByRole(AriaRole.Button, new() { Name = "Send announcement" }).ClickAsync();

        await Expect(ana.BellCount).ToHaveTextAsync("1");
        await ana.Bell.ClickAsync();
        await Expect(ana.BellPanel).ToContainTextAsync("Desk maintenance at 22:00");
        await Screenshots.SaveAsync(admin.Page, "announcement-composer");
        // The customer's portal heard nothing: her bell has no count and no such item.
        Assert.Equal(0, await (await Server.LoginAsync(Demo.Carla)).UnreadNotificationCountAsync());
        await Expect(carla.BellCount).ToHaveCountAsync(0);
        Assert.True(await ana.IsSamePageAsync(), "Ana's page was reloaded.");
        Assert.Empty(admin.PageErrors);
        Assert.Empty(ana.PageErrors);
    }

    private static async Task<TicketDto> AssignNewTicketAsync(LiveDeskApiClient manager, long assigneeId, string title,
        TicketPriority priority = TicketPriority.Normal)
    {
        var ticket = await manager.CreateTicketAsync(new CreateTicketRequest(title, "Created by a test.",
            await manager.QueueIdAsync(Demo.SupportTeam), priority, null, null));
        return await manager.AssignAsync(ticket.Id, assigneeId, ticket.Version);
    }

    /// <summary>A second tab of the same signed-in browser (same storage, its own live connection).</summary>
    private static async Task<(IPage Page, IReadOnlyCollection<string> Errors)> OpenSecondTabAsync(Dashboard dashboard)
    {
        var page = await dashboard.Context.NewPageAsync();
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.PageError += (_, error) => errors.Enqueue(error);
        await page.GotoAsync("/");
        await Expect(page.GetByTestId("connection")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 15_000 });
        return (page, errors);
    }

    /// <summary>How many desktop notifications the tab raised, once its pending claims are done: a tab asks for the
    /// claim lock while it handles the event (before its toast shows), and locks are granted in order, so this
    /// request is answered after it.</summary>
    private static Task<int> DesktopNotificationsSettledAsync(IPage page) =>
        page.EvaluateAsync<int>("() => navigator.locks.request('livedesk.desktopShown', () => window.__desktop.length)");
}
