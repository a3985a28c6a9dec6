using System.Text.RegularExpressions;
using LiveDesk.Client;
using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Tickets;
using LiveDesk.E2E.Infrastructure;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E;

/// <summary>The admin pages (#/admin/...) and access changes while someone is signed in: what an admin changes is on
/// every screen concerned at once, including the screens of the person whose access changed.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdministrationTests(BrowserFixture browser) : BrowserTest(browser)
{
    private static readonly TicketStatus[] Working = [TicketStatus.New, TicketStatus.Open, TicketStatus.InProgress, TicketStatus.Pending];

    /// <summary>Must-show 7. Each test has a server of its own, so moving the demo agent touches no other test.</summary>
    [Fact]
    public async Task AnAgentMovedToAnotherTeamSeesItsQueueAndTicketsAndLosesTheOldOnesWithoutAReload()
    {
        var api = await Server.LoginAsync(Demo.Admin);
        var supportTickets = await WorkingTicketIdsAsync(api, await api.TeamIdAsync(Demo.SupportTeam));
        var fieldOpsTickets = await WorkingTicketIdsAsync(api, await api.TeamIdAsync(Demo.FieldOpsTeam));

        await using var ben = await Dashboard.SignInAsync(Browser, Server, Demo.Ben);
        await ben.GoAsync("#/team");
        await Expect(ben.Row(fieldOpsTickets[0])).ToBeVisibleAsync();
        Assert.Equal(fieldOpsTickets, await ben.ListedIdsAsync());

        // An admin moves Ben from Field Ops to Support on the People page.
        await using var admin = await Dashboard.SignInAsync(Browser, Server, Demo.Admin);
        await admin.NavigateAsync("#/admin/people");
        var benRow = PersonRow(admin, Demo.Ben);
        await benRow.GetByRole(AriaRole.Button, new() { Name = "Edit Ben Field" }).ClickAsync();
        var editor = admin.Page.GetByRole(AriaRole.Form, new() { Name = "Edit Ben Field" });
        await editor.GetByLabel(Demo.FieldOpsTeam, new() { Exact = true }).UncheckAsync();
        await editor.GetByLabel(Demo.SupportTeam, new() { Exact = true }).CheckAsync();
        await editor.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(benRow.GetByTestId("person-teams")).ToHaveTextAsync(Demo.SupportTeam);

        // Ben's open team view now holds the Support queue's tickets, and none of Field Ops'.
        await Expect(ben.Row(supportTickets[0])).ToBeVisibleAsync();
        await Expect(ben.Row(fieldOpsTickets[0])).ToHaveCountAsync(0);
        await Eventually.TrueAsync(async () => (await ben.ListedIdsAsync()).SequenceEqual(supportTickets));
        await Expect(ben.Count("team")).ToHaveTextAsync(supportTickets.Count.ToString());
        await Expect(ben.ListRows.Locator(".meta").Filter(new() { HasText = Demo.FieldOpsTeam })).ToHaveCountAsync(0);
        await Expect(ben.ListRows.First.Locator(".meta")).ToContainTextAsync(Demo.SupportTeam);

        // And it stays so: his connection left Field Ops' rooms and joined Support's, without reconnecting.
        var manager = await Server.LoginAsync(Demo.Manager);
        var fieldOpsTicket = await manager.NewTicketAsync(Demo.FieldOpsTeam, "Pump station sensor offline");
        var supportTicket = await manager.NewTicketAsync(Demo.SupportTeam, "Invoices print without a logo");
        await Expect(ben.Row(supportTicket.Id)).ToBeVisibleAsync();
        await Expect(ben.Row(fieldOpsTicket.Id)).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(ben.Page, "agent-after-team-move");
        await Screenshots.SaveAsync(admin.Page, "admin-people");

        // The audit log has the move against Ben, in team names, and a later change arrives while it is open; Ben's
        // own page shows his new name too.
        await admin.NavigateAsync("#/admin/audit");
        await admin.Page.GetByLabel("Filter by person").SelectOptionAsync(new SelectOptionValue { Label = "Ben Field (ben@livedesk.test)" });
        var newest = admin.Page.GetByRole(AriaRole.Table, new() { Name = "Audit log" }).Locator("tbody tr").First;
        await Expect(newest).ToContainTextAsync("Teams: Field Ops → Support");
        var benUser = (await api.GetUsersAsync()).Single(u => u.Email == Demo.Ben);
        await api.UpdateUserAsync(benUser.Id, new UpdateUserRequest("Ben Fielding", null, null), benUser.Version);
        await Expect(newest).ToContainTextAsync("Name: Ben Field → Ben Fielding");
        await Expect(ben.Page.Locator(".who")).ToHaveTextAsync("Ben Fielding");
        await Screenshots.SaveAsync(admin.Page, "admin-audit-log");

        Assert.True(await ben.IsSamePageAsync(), "Ben's page was reloaded.");
        Assert.Empty(ben.PageErrors);
        Assert.Empty(admin.PageErrors);
    }

    [Fact]
    public async Task AnAdminAddsAPersonWithTheServersRefusalsBesideTheFieldsAndAnotherAdminSeesThemArriveLive()
    {
        var api = await Server.LoginAsync(Demo.Admin);
        const string adaPassword = "orange-kettle-meadow-42";
        await api.CreateUserAsync(new CreateUserRequest("ada@livedesk.test", "Ada Admin", "admin", [], adaPassword));

        await using var ada = await Dashboard.SignInAsync(Browser, Server, "ada@livedesk.test", password: adaPassword);
        await ada.NavigateAsync("#/admin/people");
        await Expect(PersonRow(ada, Demo.Ben)).ToBeVisibleAsync();
        ada.ForgetRequests();

        await using var admin = await Dashboard.SignInAsync(Browser, Server, Demo.Admin);
        await admin.NavigateAsync("#/admin/people");
        await admin.Page.GetByRole(AriaRole.Button, new() { Name = "Add person" }).ClickAsync();
        var form = admin.Page.GetByRole(AriaRole.Form, new() { Name = "Add person" });
        var submit = form.GetByRole(AriaRole.Button, new() { Name = "Add person" });
        await form.GetByLabel("Email", new() { Exact = true }).FillAsync(Demo.Ana);
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync("Fiona Field");
        await form.GetByLabel("Role").SelectOptionAsync("agent");
        await form.GetByLabel(Demo.FieldOpsTeam, new() { Exact = true }).CheckAsync();
        await form.GetByLabel("Initial password", new() { Exact = true }).FillAsync("blue-harbour-lantern-7");

        // Someone has that address already: 409, beside the email.
        await submit.ClickAsync();
        await Expect(FieldError(form, "email")).ToContainTextAsync("Someone already has that email.");

        // A password the policy refuses: 400, beside the password, naming the rule.
        await form.GetByLabel("Email", new() { Exact = true }).FillAsync("fiona@livedesk.test");
        await form.GetByLabel("Initial password", new() { Exact = true }).FillAsync("short");
        await submit.ClickAsync();
        await Expect(FieldError(form, "password")).ToContainTextAsync("at least 10 characters");
        await Expect(FieldError(form, "email")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(admin.Page, "admin-add-person-refused");

        const string fionaPassword = "blue-harbour-lantern-7";
        await form.GetByLabel("Initial password", new() { Exact = true }).FillAsync(fionaPassword);
        await submit.ClickAsync();
        await Expect(form.GetByRole(AriaRole.Status)).ToHaveTextAsync("Fiona Field was added.");
        await Expect(FieldError(form, "password")).ToHaveCountAsync(0);

        // The other admin's page shows her at once, from the live event, without reading the people again.
        var fionaRow = PersonRow(ada, "fiona@livedesk.test");
        await Expect(fionaRow).ToBeVisibleAsync();
        await Expect(fionaRow.GetByTestId("person-role")).ToHaveTextAsync("Agent");
        await Expect(fionaRow.GetByTestId("person-teams")).ToHaveTextAsync(Demo.FieldOpsTeam);
        await Expect(fionaRow.GetByTestId("person-state")).ToHaveTextAsync("Active");
        Assert.DoesNotContain(ada.Requests, r => r.StartsWith("GET /api/users", StringComparison.Ordinal));
        Assert.True(await ada.IsSamePageAsync(), "Ada's page was reloaded.");

        // She signs in with the password she was given, into her team's view.
        await using var fiona = await Dashboard.SignInAsync(Browser, Server, "fiona@livedesk.test", password: fionaPassword);
        await fiona.GoAsync("#/team");
        Assert.Equal(await WorkingTicketIdsAsync(api, await api.TeamIdAsync(Demo.FieldOpsTeam)), await fiona.ListedIdsAsync());
        Assert.Empty(admin.PageErrors);
        Assert.Empty(ada.PageErrors);
    }

    [Fact]
    public async Task AManagerRunsTeamsAndQueuesAndEveryScreenConcernedFollows()
    {
        var api = await Server.LoginAsync(Demo.Manager);
        var fieldOpsTickets = await WorkingTicketIdsAsync(api, await api.TeamIdAsync(Demo.FieldOpsTeam));
        await using var ben = await Dashboard.SignInAsync(Browser, Server, Demo.Ben);
        await ben.GoAsync("#/team");
        await Expect(ben.Row(fieldOpsTickets[0])).ToBeVisibleAsync();
        await using var carla = await Dashboard.SignInAsync(Browser, Server, Demo.Carla);
        await carla.Page.GetByRole(AriaRole.Button, new() { Name = "New request" }).ClickAsync();
        var topics = carla.Page.GetByLabel("Topic").Locator("option");

        await using var manager = await Dashboard.SignInAsync(Browser, Server, Demo.Manager);
        await manager.NavigateAsync("#/admin");
        // Managers get teams and queues, not people or the audit log.
        await Expect(manager.Page).ToHaveURLAsync(new Regex("#/admin/teams$"));
        await Expect(manager.Page.GetByRole(AriaRole.Navigation, new() { Name = "Administration" }).GetByRole(AriaRole.Link))
            .ToHaveTextAsync(["Teams", "Queues"]);

        // A new team, a taken name refused beside the field, a member added.
        var newTeam = manager.Page.GetByRole(AriaRole.Form, new() { Name = "New team" });
        await newTeam.GetByLabel("New team", new() { Exact = true }).FillAsync("support");
        await newTeam.GetByRole(AriaRole.Button, new() { Name = "Create team" }).ClickAsync();
        await Expect(FieldError(newTeam, "name")).ToContainTextAsync("A team of that name exists already.");
        await newTeam.GetByLabel("New team", new() { Exact = true }).FillAsync("Night Shift");
        await newTeam.GetByRole(AriaRole.Button, new() { Name = "Create team" }).ClickAsync();
        var night = manager.Page.GetByRole(AriaRole.Listitem, new() { Name = "Team Night Shift" });
        await night.GetByLabel("Person to add to Night Shift").SelectOptionAsync(new SelectOptionValue { Label = "Ana Agent" });
        await night.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true }).ClickAsync();
        await Expect(night.GetByRole(AriaRole.List, new() { Name = "Members of Night Shift" })).ToContainTextAsync("Ana Agent");
        await Screenshots.SaveAsync(manager.Page, "manager-teams");

        // A new queue reaches the customer's topic picker live; archived, it leaves it.
        await manager.NavigateAsync("#/admin/queues");
        var newQueue = manager.Page.GetByRole(AriaRole.Form, new() { Name = "New queue" });
        await newQueue.GetByLabel("New queue", new() { Exact = true }).FillAsync("Night calls");
        await newQueue.GetByLabel("Team of the new queue").SelectOptionAsync(new SelectOptionValue { Label = "Night Shift" });
        await newQueue.GetByRole(AriaRole.Button, new() { Name = "Create queue" }).ClickAsync();
        await Expect(topics.Filter(new() { HasText = "Night calls" })).ToHaveCountAsync(1);
        await manager.Page.GetByRole(AriaRole.Button, new() { Name = "Archive Night calls" }).ClickAsync();
        await Expect(manager.Page.Locator("tr", new() { HasText = "Night calls" }).GetByTestId("queue-state")).ToHaveTextAsync("Archived");
        await Expect(topics.Filter(new() { HasText = "Night calls" })).ToHaveCountAsync(0);

        // Moving Field Ops' queue to Support warns that its tickets go along; confirmed, they leave Ben's team view.
        var fieldOpsQueue = await api.QueueIdAsync(Demo.FieldOpsTeam);
        var inQueue = (await api.AllTicketsAsync(new TicketQuery(QueueId: fieldOpsQueue))).Count;
        await manager.Page.GetByLabel("Team of Field Ops").SelectOptionAsync(new SelectOptionValue { Label = Demo.SupportTeam });
        await Expect(manager.Page.GetByTestId("move-warning"))
            .ToHaveTextAsync($"Its {inQueue} tickets move too: Field Ops no longer sees them, Support does.");
        await Screenshots.SaveAsync(manager.Page, "manager-queue-move-warning");
        await manager.Page.GetByRole(AriaRole.Button, new() { Name = "Move queue and its tickets" }).ClickAsync();
        await Expect(manager.Page.GetByTestId("move-warning")).ToHaveCountAsync(0);
        await Expect(ben.Count("team")).ToHaveTextAsync("0");
        await Expect(ben.ListRows).ToHaveCountAsync(0);

        Assert.True(await ben.IsSamePageAsync(), "Ben's page was reloaded.");
        Assert.True(await carla.IsSamePageAsync(), "Carla's page was reloaded.");
        Assert.Empty(manager.PageErrors);
        Assert.Empty(ben.PageErrors);
        Assert.Empty(carla.PageErrors);
    }

    [Fact]
    public async Task ADeactivatedAgentIsSignedOutAtOnceAndLeavesTheAssigneePickerUntilReactivated()
    {
        var api = await Server.LoginAsync(Demo.Admin);
        var ticket = await api.NewTicketAsync(Demo.FieldOpsTeam, "Gate barrier stuck open");
        await using var ben = await Dashboard.SignInAsync(Browser, Server, Demo.Ben);
        await using var manager = await Dashboard.SignInAsync(Browser, Server, Demo.Manager);
        await manager.GoAsync($"#/all/{ticket.Id}");
        var benOption = manager.Page.GetByLabel("Assignee").Locator("option", new() { HasText = "Ben Field" });
        await Expect(benOption).ToHaveCountAsync(1);

        await using var admin = await Dashboard.SignInAsync(Browser, Server, Demo.Admin);
        await admin.NavigateAsync("#/admin/people");
        var benRow = PersonRow(admin, Demo.Ben);
        await benRow.GetByRole(AriaRole.Button, new() { Name = "Deactivate Ben Field" }).ClickAsync();
        await admin.Page.GetByRole(AriaRole.Group, new() { Name = "Deactivate Ben Field?" })
            .GetByRole(AriaRole.Button, new() { Name = "Deactivate", Exact = true }).ClickAsync();
        await Expect(benRow.GetByTestId("person-state")).ToHaveTextAsync("Deactivated");

        // His open dashboard is signed out; the manager's picker no longer offers him.
        await Expect(ben.Page.GetByLabel("Password")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(benOption).ToHaveCountAsync(0);

        await benRow.GetByRole(AriaRole.Button, new() { Name = "Reactivate Ben Field" }).ClickAsync();
        await admin.Page.GetByRole(AriaRole.Group, new() { Name = "Reactivate Ben Field?" })
            .GetByRole(AriaRole.Button, new() { Name = "Reactivate", Exact = true }).ClickAsync();
        await Expect(benRow.GetByTestId("person-state")).ToHaveTextAsync("Active");
        await Expect(benOption).ToHaveCountAsync(1);
        Assert.True(await manager.IsSamePageAsync(), "The manager's page was reloaded.");
        Assert.Empty(manager.PageErrors);
        Assert.Empty(admin.PageErrors);
    }

    private static ILocator PersonRow(Dashboard dashboard, string email) => dashboard.Page.Locator($"tr[data-user-id][data-email='{email}']");

    private static ILocator FieldError(ILocator form, string field) => form.Locator($".field-error[data-field='{field}']");

    /// <summary>A team view's tickets as the server lists them: the team's working tickets, newest first.</summary>
    private static async Task<List<long>> WorkingTicketIdsAsync(LiveDeskApiClient api, long teamId) =>
        [.. (await api.AllTicketsAsync(new TicketQuery(TeamId: teamId))).Where(t => Working.Contains(t.Status)).Select(t => t.Id)];
}
