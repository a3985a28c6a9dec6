using System.Net;
using LiveDesk.Client;
using LiveDesk.Contracts.Leads;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Crm;

/// <summary>Leads: the pipeline's transition table, live stage moves to exactly the lead's audience (its owner,
/// managers and admins), If-Match on a drag, reassignment, and conversion into a contact and organization.</summary>
public sealed class LeadTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task AManagersDragToProposalReachesTheOwnerLiveNobodyOutsideAndAStaleDragGets412(LiveTransport transport)
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var anaId = await manager.UserIdAsync(Demo.Ana);
        var lead = await manager.CreateLeadAsync(new CreateLeadRequest("Fleet renewal", Value: 48_000.50m, Currency: "USD", OwnerId: anaId));
        lead = await manager.ChangeLeadStageAsync(lead.Id, new ChangeLeadStageRequest(LeadStage.Contacted), lead.Version);
        lead = await manager.ChangeLeadStageAsync(lead.Id, new ChangeLeadStageRequest(LeadStage.Qualified), lead.Version);
        await using var ana = await LiveClient.ConnectAsync(fixture.Server, Demo.Ana, transport: transport);
        await using var ben = await LiveClient.ConnectAsync(fixture.Server, Demo.Ben, transport: transport);
        await using var carla = await LiveClient.ConnectAsync(fixture.Server, Demo.Carla, transport: transport);
        // The admin read the lead before the manager's drag: the same card, one version behind after it.
        var admin = await fixture.Server.LoginAsync(Demo.Admin);
        var adminsCopy = await admin.GetLeadAsync(lead.Id);

        var dragged = await manager.ChangeLeadStageAsync(lead.Id, new ChangeLeadStageRequest(LeadStage.Proposal), adminsCopy.Version);

        var moved = await ana.WaitForAsync(e => e.Type == EventTypes.LeadStageChanged && e.EntityId == lead.Id && e.Version == dragged.Version);
        Assert.Equal("proposal", moved.Changes.GetProperty("stage").GetString());
        Assert.Equal("qualified", moved.Changes.GetProperty("previousStage").GetString());
        var stale = await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            admin.ChangeLeadStageAsync(lead.Id, new ChangeLeadStageRequest(LeadStage.Lost, "Budget cut"), adminsCopy.Version));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(LeadStage.Proposal, (await manager.GetLeadAsync(lead.Id)).Stage);

        // Outside its access: an agent who does not own it, and a customer. Each gets a later event of its own, which
        // the dispatcher publishes after the drag, so a leaked drag would have arrived by then.
        var bensLead = await manager.CreateLeadAsync(new CreateLeadRequest("Ben's barrier", OwnerId: await manager.UserIdAsync(Demo.Ben)));
        await ben.WaitForAsync(e => e.Type == EventTypes.LeadCreated && e.EntityId == bensLead.Id);
        var carlasTicket = await manager.NewTicketAsync(Demo.SupportTeam, "Carla's barrier", await manager.UserIdAsync(Demo.Carla));
        await carla.WaitForAsync(e => e.Entity == EntityNames.Ticket && e.EntityId == carlasTicket.Id);
        Assert.DoesNotContain(ben.Events, e => e.Entity == EntityNames.Lead && e.EntityId == lead.Id);
        Assert.DoesNotContain(carla.Events, e => e.Entity == EntityNames.Lead);
        Assert.False((await ben.SubscribeAsync(Room.Lead(lead.Id).Name)).Ok);
        Assert.False((await carla.SubscribeAsync(Room.Lead(lead.Id).Name)).Ok);
        Assert.True((await ana.SubscribeAsync(Room.Lead(lead.Id).Name)).Ok);
        var benApi = await fixture.Server.LoginAsync(Demo.Ben);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<LiveDeskApiException>(() => benApi.GetLeadAsync(lead.Id))).StatusCode);
        Assert.DoesNotContain((await benApi.ListLeadsAsync()).Items, l => l.Id == lead.Id);
    }

    [Fact]
    public async Task MovesOutsideTheTransitionTableGet409AndBadInputGets400WithNothingChanged()
    {
        var ana = await fixture.Server.LoginAsync(Demo.Ana);
        var lead = await ana.CreateLeadAsync(new CreateLeadRequest("Website redesign", Value: 12_000m, Currency: "EUR", Source: "referral"));
        Assert.Equal(LeadStage.New, lead.Stage);
        Assert.Equal(await ana.UserIdAsync(Demo.Ana), lead.OwnerId);

        var skip = await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            ana.ChangeLeadStageAsync(lead.Id, new ChangeLeadStageRequest(LeadStage.Won)));
        Assert.Equal(HttpStatusCode.Conflict, skip.StatusCode);
        Assert.Contains("contacted, qualified, lost", skip.Detail);
        var noReason = await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            ana.ChangeLeadStageAsync(lead.Id, new ChangeLeadStageRequest(LeadStage.Lost)));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("lostReason", noReason.Errors!.Keys);
        foreach (var currency in new[] { "usd", "EURO", "XXX", "" })
        {
            var bad = await Assert.ThrowsAsync<LiveDeskApiException>(() => ana.UpdateLeadAsync(lead.Id, new UpdateLeadRequest(Currency: currency)));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("currency", bad.Errors!.Keys);
        }
        var badValue = await Assert.ThrowsAsync<LiveDeskApiException>(() => ana.UpdateLeadAsync(lead.Id, new UpdateLeadRequest(Value: 1.005m)));
        Assert.Contains("value", badValue.Errors!.Keys);
        var unchanged = await ana.GetLeadAsync(lead.Id);
        Assert.Equal((lead.Version, LeadStage.New, "EUR", 12_000m), (unchanged.Version, unchanged.Stage, unchanged.Currency, unchanged.Value!.Value));

        // Lost needs a reason and may be reopened; won is final.
        var lost = await ana.ChangeLeadStageAsync(lead.Id, new ChangeLeadStageRequest(LeadStage.Lost, "Chose a competitor"));
        Assert.Equal("Chose a competitor", lost.LostReason);
        var reopened = await ana.ChangeLeadStageAsync(lead.Id, new ChangeLeadStageRequest(LeadStage.New));
        Assert.Null(reopened.LostReason);
        foreach (var stage in new[] { LeadStage.Contacted, LeadStage.Qualified, LeadStage.Proposal, LeadStage.Won })
        {
            await ana.ChangeLeadStageAsync(lead.Id, new ChangeLeadStageRequest(stage));
        }
        var final = await Assert.ThrowsAsync<LiveDeskApiException>(() => ana.ChangeLeadStageAsync(lead.Id, new ChangeLeadStageRequest(LeadStage.Proposal)));
        Assert.Equal(HttpStatusCode.Conflict, final.StatusCode);
        Assert.Contains("final", final.Detail);

        var benId = await ana.UserIdAsync(Demo.Ben);
        var forSomeoneElse = await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            ana.CreateLeadAsync(new CreateLeadRequest("Not mine to give", OwnerId: benId)));
        Assert.Contains("ownerId", forSomeoneElse.Errors!.Keys);
        var carla = await fixture.Server.LoginAsync(Demo.Carla);
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<LiveDeskApiException>(() => carla.ListLeadsAsync())).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task AReassignedLeadLeavesThePreviousOwnersSightLiveAndReachesTheNewOwner(LiveTransport transport)
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var lead = await manager.CreateLeadAsync(new CreateLeadRequest("Hand-over", OwnerId: await manager.UserIdAsync(Demo.Ana)));
        await using var ana = await LiveClient.ConnectAsync(fixture.Server, Demo.Ana, rooms: [Room.Lead(lead.Id).Name], transport: transport);
        await using var ben = await LiveClient.ConnectAsync(fixture.Server, Demo.Ben, transport: transport);

        var given = await manager.AssignLeadAsync(lead.Id, new AssignLeadRequest(await manager.UserIdAsync(Demo.Ben)), lead.Version);

        // Both hear of the hand-over: Ana's pipeline drops the card, Ben's gains it.
        await ana.WaitForAsync(e => e.Type == EventTypes.LeadAssigned && e.EntityId == lead.Id);
        await ben.WaitForAsync(e => e.Type == EventTypes.LeadAssigned && e.EntityId == lead.Id);
        var later = await manager.UpdateLeadAsync(lead.Id, new UpdateLeadRequest(Title: "Ben's now"), given.Version);
        await ben.WaitForAsync(e => e.EntityId == lead.Id && e.Version == later.Version);
        var barrier = await manager.CreateLeadAsync(new CreateLeadRequest("Ana's barrier", OwnerId: await manager.UserIdAsync(Demo.Ana)));
        await ana.WaitForAsync(e => e.Type == EventTypes.LeadCreated && e.EntityId == barrier.Id);
        Assert.DoesNotContain(ana.Events, e => e.Entity == EntityNames.Lead && e.EntityId == lead.Id && e.Version == later.Version);
    }

    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task ConvertingCreatesTheContactAndOrganizationInTheSameWriteAndAnnouncesAllThree(LiveTransport transport)
    {
        var ana = await fixture.Server.LoginAsync(Demo.Ana);
        var lead = await ana.CreateLeadAsync(new CreateLeadRequest("Solar panels for Acme"));
        await using var live = await LiveClient.ConnectAsync(fixture.Server, Demo.Ana, transport: transport);

        var converted = await ana.ConvertLeadAsync(lead.Id, new ConvertLeadRequest(
            NewContact: new NewLeadContact("Wile E. Coyote", ["wile@acme.example"]),
            NewOrganization: new NewLeadOrganization("Acme Corporation", "ACME.example")), lead.Version);

        Assert.NotNull(converted.ConvertedAt);
        var contact = await ana.GetContactAsync(converted.ContactId!.Value);
        var organization = await ana.GetOrganizationAsync(converted.OrganizationId!.Value);
        Assert.Equal(organization.Id, contact.OrganizationId);
        Assert.Equal(("acme.example", 1), (organization.Domain, organization.ContactCount));
        // One transaction: the three events are consecutive in the log.
        var done = await live.WaitForAsync(e => e.Type == EventTypes.LeadConverted && e.EntityId == lead.Id);
        var orgCreated = await live.WaitForAsync(e => e.Type == EventTypes.OrganizationCreated && e.EntityId == organization.Id);
        var contactCreated = await live.WaitForAsync(e => e.Type == EventTypes.ContactCreated && e.EntityId == contact.Id);
        Assert.Equal([orgCreated.Seq + 1, orgCreated.Seq + 2], [contactCreated.Seq, done.Seq]);
        Assert.Equal(contact.Id, done.Changes.GetProperty("contactId").GetInt64());

        var again = await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            ana.ConvertLeadAsync(lead.Id, new ConvertLeadRequest(ContactId: contact.Id)));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var other = await ana.CreateLeadAsync(new CreateLeadRequest("Bad conversion"));
        var badContact = await Assert.ThrowsAsync<LiveDeskApiException>(() => ana.ConvertLeadAsync(other.Id,
            new ConvertLeadRequest(NewContact: new NewLeadContact("No Email", ["not-an-email"]), NewOrganization: new NewLeadOrganization("Never created"))));
        Assert.Equal(HttpStatusCode.BadRequest, badContact.StatusCode);
        Assert.Contains("newContact.emails", badContact.Errors!.Keys);
        Assert.Empty((await ana.ListOrganizationsAsync(q: "Never created")).Items);
    }
}
