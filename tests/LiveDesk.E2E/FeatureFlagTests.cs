using System.Text.RegularExpressions;
using LiveDesk.Client;
using LiveDesk.Contracts.Tickets;
using LiveDesk.E2E.Infrastructure;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E;

/// <summary>The live path's safety valves in the dashboard (issue 12): it obeys the admins' feature flags without a
/// reload (live, signal then fetch, poll), and its periodic sync repairs a cache that drifted.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FeatureFlagTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task InSignalModeTheDashboardFetchesAChangedTicketByRestAndBackInLiveModePatchesItAgainWithoutAReload()
    {
        var api = await Server.LoginAsync(Demo.Manager);
        var admin = await Server.LoginAsync(Demo.Admin);
        var target = await api.NewTicketAsync(Demo.SupportTeam, "Label printer offline");
        await using var manager = await Dashboard.SignInAsync(Browser, Server, Demo.Manager);
        await manager.GoAsync("#/all");
        await Expect(manager.Row(target.Id)).ToBeVisibleAsync();

        await SetTicketFlagAsync(admin, """{"mode":"signal"}""");
        await FlagReachedAsync(manager, "signal");
        manager.ForgetRequests();
        await api.UpdateTicketAsync(target.Id, new UpdateTicketRequest(Title: "Label printer offline since Monday"));

        await Expect(manager.Row(target.Id).Locator(".title")).ToHaveTextAsync("Label printer offline since Monday");
        Assert.Contains($"GET /api/tickets/{target.Id}", manager.Requests);
        // The event itself carried nothing to patch with: the server strips it in signal mode.
        Assert.Contains(manager.SocketFrames, f => f.Contains($"\"entityId\":{target.Id},") && f.Contains("\"changes\":{}"));

        await SetTicketFlagAsync(admin, """{"mode":"live"}""");
        await FlagReachedAsync(manager, "live");
        manager.ForgetRequests();
        await api.UpdateTicketAsync(target.Id, new UpdateTicketRequest(Title: "Label printer back online"));

        await Expect(manager.Row(target.Id).Locator(".title")).ToHaveTextAsync("Label printer back online");
        Assert.DoesNotContain(manager.Requests, r => r.StartsWith("GET /api/tickets", StringComparison.Ordinal));
        Assert.True(await manager.IsSamePageAsync(), "The page was reloaded.");
        Assert.Empty(manager.PageErrors);
    }

    [Fact]
    public async Task InPollModeAChangeMadeElsewhereShowsWithinSecondsThroughARefetchOfTheList()
    {
        var api = await Server.LoginAsync(Demo.Manager);
        var admin = await Server.LoginAsync(Demo.Admin);
        var target = await api.NewTicketAsync(Demo.SupportTeam, "Wi-Fi drops in the warehouse");
        await using var manager = await Dashboard.SignInAsync(Browser, Server, Demo.Manager);
        await manager.GoAsync("#/all");
        await Expect(manager.Row(target.Id)).ToBeVisibleAsync();

        await SetTicketFlagAsync(admin, """{"mode":"poll","pollSeconds":2}""");
        await FlagReachedAsync(manager, "poll");
        manager.ForgetRequests();
        await api.ChangePriorityAsync(target.Id, TicketPriority.Urgent);
        var created = await api.NewTicketAsync(Demo.SupportTeam, "Forklift charger sparks");

        // Two poll periods and some slack for a busy machine.
        await Expect(manager.Row(target.Id)).ToHaveClassAsync(new Regex(@"\bpriority-urgent\b"), new() { Timeout = 10_000 });
        await Expect(manager.Row(created.Id)).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(manager.Count("all")).ToHaveTextAsync((await api.AllTicketsAsync(new TicketQuery())).Count.ToString());
        Assert.Contains(manager.Requests, r => r.StartsWith("GET /api/tickets?", StringComparison.Ordinal));
        Assert.True(await manager.IsSamePageAsync(), "The page was reloaded.");
        Assert.Empty(manager.PageErrors);
    }

    [Fact]
    public async Task APurposelyCorruptedListIsRepairedByThePeriodicSyncWhenTheTabBecomesVisibleAndTheRepairIsReported()
    {
        var api = await Server.LoginAsync(Demo.Manager);
        await using var manager = await Dashboard.SignInAsync(Browser, Server, Demo.Manager,
            beforeSignIn: page => page.Context.AddInitScriptAsync("localStorage.setItem('livedesk.testHooks', '1')"));
        await manager.GoAsync("#/all");
        await Expect(manager.Count("all")).Not.ToHaveTextAsync("…");
        var listed = await manager.ListedIdsAsync();
        Assert.True(listed.Length >= 2, "The demo data has tickets.");

        // Corrupt the client's own cache: the newest row is lost and the next one goes back a version with another
        // title, as if events had been missed. The server knows nothing of it.
        await manager.Page.EvaluateAsync("""
            () => {
              const client = window.__livedesk.client;
              const key = ["tickets", "all"];
              const list = client.queryClient.getQueryData(key);
              client.queryClient.setQueryData(key, list.slice(1).map((t, i) => i === 0 ? { ...t, title: "Corrupted row", version: t.version - 1 } : t));
            }
            """);
        await Expect(manager.Row(listed[0])).ToHaveCountAsync(0);
        await Expect(manager.Row(listed[1]).Locator(".title")).ToHaveTextAsync("Corrupted row");
        manager.ForgetRequests();

        // The user comes back to the tab.
        await manager.Page.EvaluateAsync("() => document.dispatchEvent(new Event('visibilitychange'))");

        await Expect(manager.Row(listed[0])).ToBeVisibleAsync();
        await Expect(manager.ListRows.Filter(new() { HasText = "Corrupted row" })).ToHaveCountAsync(0);
        Assert.Equal(listed, await manager.ListedIdsAsync());
        Assert.Contains(manager.Requests, r => r.StartsWith("GET /api/tickets/digest", StringComparison.Ordinal));
        var admin = await Server.LoginAsync(Demo.Admin);
        await Eventually.TrueAsync(async () => (await admin.GetRealtimeStatusAsync()).ClientReports?
            .Any(r => r is { Kind: "cache_repaired", Entity: "ticket", Count: 2 }) == true);
        Assert.Contains("POST /api/realtime/client-reports", manager.Requests);
        Assert.True(await manager.IsSamePageAsync(), "The page was reloaded.");
        Assert.Empty(manager.PageErrors);
    }

    [Fact]
    public async Task AnAdminSwitchesALiveModeOnItsPageSeesTheServersRefusalBesideTheFieldAndAnotherAdminsChangeArrivesLive()
    {
        var other = await Server.LoginAsync(Demo.Admin);
        await using var admin = await Dashboard.SignInAsync(Browser, Server, Demo.Admin);
        await admin.NavigateAsync("#/admin/flags");
        var row = admin.Page.Locator("tr[data-flag='ticket']");
        var mode = admin.Page.GetByLabel("Mode of ticket", new() { Exact = true });
        var seconds = admin.Page.GetByLabel("Poll interval of ticket", new() { Exact = true });
        await Expect(mode).ToHaveValueAsync("live");

        await mode.SelectOptionAsync("poll");
        await seconds.FillAsync("1");
        await row.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(row.Locator("[data-field='flags.ticket.pollSeconds']")).ToContainTextAsync("between 2 and 3600");

        await seconds.FillAsync("15");
        await row.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Save" })).ToBeDisabledAsync();
        await Eventually.TrueAsync(async () => (await GetFlagsAsync(other)).Contains("\"ticket\":{\"mode\":\"poll\",\"pollSeconds\":15"));

        await SetTicketFlagAsync(other, """{"mode":"signal"}""");
        await Expect(mode).ToHaveValueAsync("signal");
        await Screenshots.SaveAsync(admin.Page, "admin-live-modes");
        Assert.True(await admin.IsSamePageAsync(), "The page was reloaded.");
        Assert.Empty(admin.PageErrors);
    }

    private async Task SetTicketFlagAsync(LiveDeskApiClient admin, string flag)
    {
        using var http = Server.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", admin.AccessToken);
        using var response = await http.PutAsync("api/admin/flags",
            new StringContent("{\"flags\":{\"ticket\":" + flag + "}}", System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    private async Task<string> GetFlagsAsync(LiveDeskApiClient user)
    {
        using var http = Server.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", user.AccessToken);
        return await http.GetStringAsync("api/admin/flags");
    }

    /// <summary>The page received the flag event (every role room gets it), so what follows happens under the new mode.</summary>
    private static Task FlagReachedAsync(Dashboard page, string mode) =>
        Eventually.FirstAsync(() => page.SocketFrames,
            f => f.Contains("feature_flag.updated") && f.Contains("\"entity\":\"ticket\"") && f.Contains($"\"mode\":\"{mode}\""),
            TimeSpan.FromSeconds(15), () => $"{page.SocketFrames.Count} frames, none switching ticket to {mode}");
}
