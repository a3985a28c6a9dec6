using LiveDesk.Client;
using LiveDesk.Contracts.Contacts;
using LiveDesk.E2E.Infrastructure;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E;

/// <summary>A manager composes a campaign in the dashboard, checks its audience, starts it, and watches the progress
/// bar move while the mail goes out to a real SMTP server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CampaignTests(BrowserFixture browser) : BrowserTest(browser)
{
    private MailDev? _smtp;

    protected override async Task<IReadOnlyDictionary<string, string?>?> ServerEnvironmentAsync()
    {
        _smtp = await MailDev.StartAsync();
        // Slow enough that the bar is seen between empty and full.
        return new Dictionary<string, string?>(_smtp.ServerEnvironment) { ["LiveDesk__Email__SendsPerSecond"] = "8" };
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_smtp is not null)
        {
            await _smtp.DisposeAsync();
        }
    }

    [Fact]
    public async Task AManagerStartsACampaignAndItsProgressBarMovesUntilEveryMailIsSent()
    {
        var api = await Server.LoginAsync(Demo.Manager);
        var support = await api.TeamIdAsync(Demo.SupportTeam);
        for (var i = 0; i < 24; i++)
        {
            await api.CreateContactAsync(new CreateContactRequest($"Subscriber {i}", [$"sub{i}@example.org"], null, support, null, ["winter"], null));
        }
        await using var manager = await Dashboard.SignInAsync(Browser, Server, Demo.Manager);
        await manager.NavigateAsync("#/campaigns");
        await manager.Page.GetByLabel("Campaign name").FillAsync("Winter offers");
        await manager.Page.GetByLabel("Email subject").FillAsync("Warm up this winter");
        await manager.Page.GetByLabel("Audience tags").FillAsync("winter");
        // The editor counts the audience while it is composed.
        await Expect(manager.Page.GetByTestId("audience-preview")).ToContainTextAsync("Reaches 24 contacts");
        await manager.Page.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        var card = manager.Page.Locator(".campaign", new() { HasText = "Winter offers" });

        await card.GetByRole(AriaRole.Button, new() { Name = "Start" }).ClickAsync();

        var bar = card.GetByRole(AriaRole.Progressbar);
        // Seen part-way (the bar moved), then full: every mail sent, and the numbers say so.
        await manager.Page.WaitForFunctionAsync("""
            () => { const v = Number(document.querySelector('.campaign [role=progressbar]')?.getAttribute('aria-valuenow')); return v > 0 && v < 24; }
            """, null, new() { Timeout = 30_000 });
        await Screenshots.SaveAsync(manager.Page, "campaign-progress");
        await Expect(bar).ToHaveAttributeAsync("aria-valuenow", "24", new() { Timeout = 30_000 });
        await Expect(card).ToContainTextAsync("24 sent · 0 failed · 0 bounced · 0 to go");
        await Expect(card).ToContainTextAsync("Completed");
        Assert.Equal(24, (await _smtp!.MessagesAsync()).Count);
        Assert.True(await manager.IsSamePageAsync(), "The page was reloaded.");
        Assert.Empty(manager.PageErrors);
    }

    [Fact]
    public async Task ADraftForAnOrganizationIsEditedThenScheduledAndStartsByItselfOnScreen()
    {
        var api = await Server.LoginAsync(Demo.Manager);
        var support = await api.TeamIdAsync(Demo.SupportTeam);
        var organization = await api.CreateOrganizationAsync(new LiveDesk.Contracts.Organizations.CreateOrganizationRequest("Spring Gardens", null, support));
        for (var i = 0; i < 2; i++)
        {
            await api.CreateContactAsync(new CreateContactRequest($"Gardener {i}", [$"gardener{i}@example.org"], null, support, null, null, null,
                OrganizationId: organization.Id));
        }
        await using var manager = await Dashboard.SignInAsync(Browser, Server, Demo.Manager);
        await manager.NavigateAsync("#/campaigns");
        var editor = manager.Page.GetByRole(AriaRole.Form, new() { Name = "New campaign" });
        await editor.GetByLabel("Campaign name").FillAsync("Spring news");
        await editor.GetByLabel("Email subject").FillAsync("Spring");
        await editor.GetByLabel("Audience tags").FillAsync("no-such-tag");
        await Expect(editor.GetByTestId("audience-preview")).ToContainTextAsync("Reaches nobody");
        await editor.GetByLabel("Audience tags").FillAsync("");
        await editor.GetByLabel("Audience organization").SelectOptionAsync(new SelectOptionValue { Label = "Spring Gardens" });
        await Expect(editor.GetByTestId("audience-preview")).ToContainTextAsync("Reaches 2 contacts");
        await editor.GetByRole(AriaRole.Button, new() { Name = "Create draft" }).ClickAsync();
        var card = manager.Page.Locator(".campaign", new() { HasText = "Spring news" });

        await card.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        var edit = manager.Page.GetByRole(AriaRole.Form, new() { Name = "Edit Spring news" });
        await edit.GetByLabel("Email subject").FillAsync("Spring is here");
        await edit.GetByRole(AriaRole.Button, new() { Name = "Save draft" }).ClickAsync();
        await Expect(card).ToContainTextAsync("Spring is here");

        // A few seconds ahead, in the browser's own time zone.
        var at = await manager.Page.EvaluateAsync<string>("""
            () => { const d = new Date(Date.now() + 4000), p = n => String(n).padStart(2, '0');
                    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`; }
            """);
        await card.GetByLabel("Send at").FillAsync(at);
        await card.GetByRole(AriaRole.Button, new() { Name = "Schedule" }).ClickAsync();
        await Expect(card).ToContainTextAsync("Scheduled");
        await Expect(card.GetByTestId("scheduled-at")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(manager.Page, "campaign-scheduled");

        // It starts by itself and completes, and the screen follows without a reload.
        await Expect(card).ToContainTextAsync("Completed", new() { Timeout = 30_000 });
        await Expect(card).ToContainTextAsync("2 sent · 0 failed · 0 bounced · 0 to go");
        await Expect(card.GetByTestId("scheduled-at")).ToHaveCountAsync(0);
        Assert.Equal(2, (await _smtp!.MessagesAsync()).Count(m => m.Subject == "Spring is here"));
        Assert.True(await manager.IsSamePageAsync(), "The page was reloaded.");
        Assert.Empty(manager.PageErrors);
    }
}
