using LiveDesk.Client;
using LiveDesk.Contracts.Leads;
using LiveDesk.E2E.Infrastructure;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E;

/// <summary>The sales pipeline board: a drag moves a lead for everyone who sees it, live, and a drag made on a card
/// that changed meanwhile is refused (412) instead of silently winning.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PipelineTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task AManagersDragIsSeenLiveByTheOwnerAndAStaleDragGetsTheConflictTreatment()
    {
        var api = await Server.LoginAsync(Demo.Manager);
        var lead = await api.CreateLeadAsync(new CreateLeadRequest("Fleet renewal", Value: 48_000m, Currency: "EUR",
            OwnerId: await api.UserIdAsync(Demo.Ana)));
        lead = await api.ChangeLeadStageAsync(lead.Id, new ChangeLeadStageRequest(LeadStage.Contacted), lead.Version);
        lead = await api.ChangeLeadStageAsync(lead.Id, new ChangeLeadStageRequest(LeadStage.Qualified), lead.Version);

        // Ana's live channel passes through the test, which can stop delivering the server's frames to her page.
        var frozen = false;
        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana, beforeSignIn: page =>
            page.RouteWebSocketAsync(new System.Text.RegularExpressions.Regex("/live/ws"), socket =>
            {
                var server = socket.ConnectToServer();
                server.OnMessage(frame =>
                {
                    if (!Volatile.Read(ref frozen))
                    {
                        if (frame.Text is { } text) socket.Send(text); else socket.Send(frame.Binary!);
                    }
                });
            }));
        await using var manager = await Dashboard.SignInAsync(Browser, Server, Demo.Manager);
        await ana.NavigateAsync("#/leads");
        await manager.NavigateAsync("#/leads");
        await Expect(Card(ana, "qualified", lead.Id)).ToBeVisibleAsync();
        await Expect(Card(manager, "qualified", lead.Id)).ToBeVisibleAsync();
        ana.ForgetRequests();

        await Card(manager, "qualified", lead.Id).DragToAsync(Column(manager, "proposal"));

        await Expect(Card(ana, "proposal", lead.Id)).ToBeVisibleAsync();
        await Expect(Card(ana, "qualified", lead.Id)).ToHaveCountAsync(0);
        await Expect(Card(manager, "proposal", lead.Id)).ToBeVisibleAsync();
        await Screenshots.SaveAsync(ana.Page, "pipeline-after-drag");
        Assert.True(await ana.IsSamePageAsync(), "Ana's page was reloaded.");
        Assert.DoesNotContain(ana.Requests, r => r.StartsWith("GET /api/leads", StringComparison.Ordinal));

        // Ana's page stops hearing the server; meanwhile the manager moves the card back. Her card is now stale.
        Volatile.Write(ref frozen, true);
        var current = await api.GetLeadAsync(lead.Id);
        await api.ChangeLeadStageAsync(lead.Id, new ChangeLeadStageRequest(LeadStage.Qualified), current.Version);
        await Card(ana, "proposal", lead.Id).DragToAsync(Column(ana, "won"));

        await Expect(ana.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Someone changed this lead a moment ago");
        // The conflict treatment: the board shows the lead as it really is, and the stale drag did not win.
        await Expect(Card(ana, "qualified", lead.Id)).ToBeVisibleAsync();
        Assert.Equal(LeadStage.Qualified, (await api.GetLeadAsync(lead.Id)).Stage);
        Volatile.Write(ref frozen, false);
        Assert.Empty(ana.PageErrors);
        Assert.Empty(manager.PageErrors);
    }

    private static ILocator Column(Dashboard dashboard, string stage) => dashboard.Page.Locator($"[data-stage='{stage}']");

    private static ILocator Card(Dashboard dashboard, string stage, long leadId) =>
        dashboard.Page.Locator($"[data-stage='{stage}'] [data-lead-id='{leadId}']");
}
