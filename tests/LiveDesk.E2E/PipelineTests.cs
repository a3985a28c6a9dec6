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

    [Fact]
    public async Task AnOpenLeadIsEditedSeenLiveByAnotherViewerAndConvertedIntoAContactAndOrganization()
    {
        var api = await Server.LoginAsync(Demo.Manager);
        var lead = await api.CreateLeadAsync(new CreateLeadRequest("Warehouse sensors", Value: 12_000m, Currency: "EUR",
            OwnerId: await api.UserIdAsync(Demo.Ana)));
        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);
        await using var manager = await Dashboard.SignInAsync(Browser, Server, Demo.Manager);
        await manager.NavigateAsync("#/leads");
        await Expect(Card(manager, "new", lead.Id)).ToContainTextAsync("12,000");
        await ana.NavigateAsync($"#/leads/{lead.Id}");
        var panel = ana.Page.GetByTestId("lead-panel");
        await Expect(panel).ToHaveAttributeAsync("data-lead-id", lead.Id.ToString());

        await panel.GetByLabel("Value").FillAsync("15000");
        await panel.GetByLabel("Source").FillAsync("Trade fair");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        // The manager's board patches the card in place.
        await Expect(Card(manager, "new", lead.Id)).ToContainTextAsync("15,000");
        await Expect(Card(manager, "new", lead.Id)).ToContainTextAsync("Trade fair");

        await panel.GetByLabel("New contact name").FillAsync("Rita Rivera");
        await panel.GetByLabel("New contact email").FillAsync("rita@sensors.example");
        await panel.GetByLabel("New organization name").FillAsync("Rivera Logistics");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Convert" }).ClickAsync();

        await Expect(panel.GetByRole(AriaRole.Link, new() { Name = "Open contact" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(ana.Page, "lead-panel-converted");
        var converted = await api.GetLeadAsync(lead.Id);
        Assert.NotNull(converted.ConvertedAt);
        Assert.Equal("Rita Rivera", (await api.GetContactAsync(converted.ContactId!.Value)).Name);
        Assert.Equal("Rivera Logistics", (await api.GetOrganizationAsync(converted.OrganizationId!.Value)).Name);
        await panel.GetByRole(AriaRole.Link, new() { Name = "Open organization" }).ClickAsync();
        await Expect(ana.Page.GetByTestId("organization-contacts")).ToContainTextAsync("Rita Rivera");
        await Screenshots.SaveAsync(ana.Page, "lead-converted-organization");
        Assert.True(await ana.IsSamePageAsync(), "Ana's page was reloaded.");
        Assert.Empty(ana.PageErrors);
        Assert.Empty(manager.PageErrors);
    }

    private static ILocator Column(Dashboard dashboard, string stage) => dashboard.Page.Locator($"[data-stage='{stage}']");

    private static ILocator Card(Dashboard dashboard, string stage, long leadId) =>
        dashboard.Page.Locator($"[data-stage='{stage}'] [data-lead-id='{leadId}']");
}
