using LiveDesk.Client;
using LiveDesk.Contracts.Contacts;
using LiveDesk.Contracts.Leads;
using LiveDesk.Contracts.Organizations;
using LiveDesk.E2E.Infrastructure;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E;

/// <summary>The contact screen: search, a timeline that grows while it is open, and a merge that takes the open screen
/// to the surviving contact.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContactTests(BrowserFixture browser) : BrowserTest(browser)
{
    [Fact]
    public async Task AContactsTimelineGrowsLiveAndAMergeTakesTheOpenScreenToTheSurvivor()
    {
        var api = await Server.LoginAsync(Demo.Manager);
        var carlasContact = (await api.ListContactsAsync(q: Demo.Carla)).Items.Single();
        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);
        await ana.NavigateAsync("#/contacts");
        await ana.Page.GetByLabel("Search contacts").FillAsync("carla@customer");
        var row = ana.Page.Locator("[data-testid='contact-list'] li", new() { HasText = "Carla Customer" });
        await Expect(ana.Page.Locator("[data-testid='contact-list'] li")).ToHaveCountAsync(1);
        await row.ClickAsync();
        var timeline = ana.Page.GetByTestId("timeline").Locator("li");
        await Expect(timeline.First).ToBeVisibleAsync();
        var before = await timeline.CountAsync();

        var ticket = await api.NewTicketAsync(Demo.SupportTeam, "Badge printer offline", await api.UserIdAsync(Demo.Carla));

        await Expect(ana.Page.Locator($"[data-testid='timeline'] li[data-kind='ticket'][data-id='{ticket.Id}']")).ToBeVisibleAsync();
        await Expect(timeline).ToHaveCountAsync(before + 1);

        var survivor = await api.CreateContactAsync(new CreateContactRequest("Carla (work)", ["carla@work.example"], null,
            await api.TeamIdAsync(Demo.SupportTeam), null, null, null));
        await api.MergeContactAsync(carlasContact.Id, new MergeContactRequest(survivor.Id));

        await Expect(ana.Page.GetByTestId("contact-detail")).ToHaveAttributeAsync("data-contact-id", survivor.Id.ToString());
        await Expect(ana.Page.Locator($"[data-testid='timeline'] li[data-kind='ticket'][data-id='{ticket.Id}']")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(ana.Page, "contact-after-merge");
        Assert.True(await ana.IsSamePageAsync(), "The page was reloaded.");
        Assert.Empty(ana.PageErrors);
    }

    [Fact]
    public async Task AnOrganizationShowsItsContactsAndItsTimelineGrowsLive()
    {
        var api = await Server.LoginAsync(Demo.Manager);
        var support = await api.TeamIdAsync(Demo.SupportTeam);
        var organization = await api.CreateOrganizationAsync(new CreateOrganizationRequest("Umbrella Labs", "umbrella.example", support));
        await using var ana = await Dashboard.SignInAsync(Browser, Server, Demo.Ana);
        await ana.NavigateAsync("#/organizations");
        await ana.Page.GetByLabel("Search organizations").FillAsync("umbrella");
        await Expect(ana.Page.Locator("[data-testid='organization-list'] li")).ToHaveCountAsync(1);
        await ana.Page.Locator("[data-testid='organization-list'] li", new() { HasText = "Umbrella Labs" }).ClickAsync();
        await Expect(ana.Page.GetByTestId("organization-detail")).ToContainTextAsync("umbrella.example");
        await Expect(ana.Page.GetByTestId("timeline")).ToHaveCountAsync(0); // "Nothing yet."

        // A contact joins it and a lead names it, while the screen is open.
        var alice = await api.CreateContactAsync(new CreateContactRequest("Alice Abernathy", ["alice@umbrella.example"], null, support, null, null, null,
            OrganizationId: organization.Id));
        await Expect(ana.Page.GetByTestId("organization-contacts")).ToContainTextAsync("Alice Abernathy");
        // Ana owns it: an agent sees her own leads.
        var lead = await api.CreateLeadAsync(new CreateLeadRequest("Hive security audit", ContactId: alice.Id, OwnerId: await api.UserIdAsync(Demo.Ana)));
        await Expect(ana.Page.Locator($"[data-testid='timeline'] li[data-kind='lead'][data-id='{lead.Id}']")).ToContainTextAsync("Alice Abernathy");

        // From the organization to its contact: a deep link that works.
        await ana.Page.GetByTestId("organization-contacts").GetByText("Alice Abernathy").ClickAsync();
        await Expect(ana.Page.GetByTestId("contact-detail")).ToHaveAttributeAsync("data-contact-id", alice.Id.ToString());
        await Screenshots.SaveAsync(ana.Page, "organization-contact");
        Assert.True(await ana.IsSamePageAsync(), "The page was reloaded.");
        Assert.Empty(ana.PageErrors);
    }
}
