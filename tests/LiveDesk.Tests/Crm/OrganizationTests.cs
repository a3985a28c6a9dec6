using System.Net;
using LiveDesk.Client;
using LiveDesk.Contracts.Contacts;
using LiveDesk.Contracts.Leads;
using LiveDesk.Contracts.Organizations;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Crm;

/// <summary>Organizations: team-scoped like contacts, a contact's organization in the contact's team, and a deletion
/// that unlinks its contacts where everyone watching them sees it.</summary>
public sealed class OrganizationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task ContactsJoinAnOrganizationOfTheirTeamAndItsDeletionUnlinksThemLive(LiveTransport transport)
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var support = await manager.TeamIdAsync(Demo.SupportTeam);
        var fieldOps = await manager.TeamIdAsync(Demo.FieldOpsTeam);
        var organization = await manager.CreateOrganizationAsync(new CreateOrganizationRequest("Initech", "initech.example", support));
        var contact = await manager.CreateContactAsync(new CreateContactRequest("Peter Gibbons", ["peter@initech.example"], null, support, null, null, null,
            OrganizationId: organization.Id));
        var elsewhere = await Assert.ThrowsAsync<LiveDeskApiException>(() => manager.CreateContactAsync(
            new CreateContactRequest("Wrong team", null, null, fieldOps, null, null, null, OrganizationId: organization.Id)));
        Assert.Contains("organizationId", elsewhere.Errors!.Keys);
        var move = await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            manager.UpdateContactAsync(contact.Id, new UpdateContactRequest(TeamId: fieldOps), contact.Version));
        Assert.Contains("organizationId", move.Errors!.Keys);
        Assert.Equal([contact.Id], (await manager.ListContactsAsync(organizationId: organization.Id)).Items.Select(c => c.Id));
        Assert.Equal(1, (await manager.GetOrganizationAsync(organization.Id)).ContactCount);
        await using var ana = await LiveClient.ConnectAsync(fixture.Server, Demo.Ana,
            rooms: [Room.Contact(contact.Id).Name, Room.Organization(organization.Id).Name], transport: transport);

        await manager.DeleteOrganizationAsync(organization.Id);

        var unlinked = await ana.WaitForAsync(e => e.Type == EventTypes.ContactUpdated && e.EntityId == contact.Id);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, unlinked.Changes.GetProperty("organizationId").ValueKind);
        var deleted = await ana.WaitForAsync(e => e.Type == EventTypes.OrganizationDeleted && e.EntityId == organization.Id);
        Assert.Equal(unlinked.Seq + 1, deleted.Seq);
        Assert.Null((await manager.GetContactAsync(contact.Id)).OrganizationId);
        Assert.Equal(HttpStatusCode.NotFound,
            (await Assert.ThrowsAsync<LiveDeskApiException>(() => manager.GetOrganizationAsync(organization.Id))).StatusCode);
    }

    [Fact]
    public async Task OtherTeamsGet404CustomersGet403AndBadDomainsGet400()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var organization = await manager.CreateOrganizationAsync(new CreateOrganizationRequest("Globex", null,
            await manager.TeamIdAsync(Demo.SupportTeam)));
        var ana = await fixture.Server.LoginAsync(Demo.Ana);
        Assert.Contains((await ana.ListOrganizationsAsync(q: "globex")).Items, o => o.Id == organization.Id);
        var ben = await fixture.Server.LoginAsync(Demo.Ben);
        Assert.Equal(HttpStatusCode.NotFound,
            (await Assert.ThrowsAsync<LiveDeskApiException>(() => ben.GetOrganizationAsync(organization.Id))).StatusCode);
        Assert.DoesNotContain((await ben.ListOrganizationsAsync(q: "globex")).Items, o => o.Id == organization.Id);
        var carla = await fixture.Server.LoginAsync(Demo.Carla);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await Assert.ThrowsAsync<LiveDeskApiException>(() => carla.ListOrganizationsAsync())).StatusCode);

        foreach (var domain in new[] { "http://globex.example", "globex", "globex.example/path", "-x.example" })
        {
            var bad = await Assert.ThrowsAsync<LiveDeskApiException>(() =>
                manager.UpdateOrganizationAsync(organization.Id, new UpdateOrganizationRequest(Domain: domain)));
            Assert.Contains("domain", bad.Errors!.Keys);
        }
        var named = await manager.UpdateOrganizationAsync(organization.Id, new UpdateOrganizationRequest(Domain: "Globex.Example"), organization.Version);
        Assert.Equal(("globex.example", organization.Version + 1), (named.Domain, named.Version));
        var same = await manager.UpdateOrganizationAsync(organization.Id, new UpdateOrganizationRequest(Domain: "globex.example"));
        Assert.Equal(named.Version, same.Version);
    }

    [Fact]
    public async Task AnOrganizationsTimelineHoldsItsContactsLeadsAndItsOwnAndNothingElse()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var support = await manager.TeamIdAsync(Demo.SupportTeam);
        var organization = await manager.CreateOrganizationAsync(new CreateOrganizationRequest("Hooli", "hooli.example", support));
        var other = await manager.CreateOrganizationAsync(new CreateOrganizationRequest("Pied Piper", null, support));
        var gavin = await manager.CreateContactAsync(new CreateContactRequest("Gavin", ["gavin@hooli.example"], null, support, null, null, null,
            OrganizationId: organization.Id));
        var richard = await manager.CreateContactAsync(new CreateContactRequest("Richard", null, null, support, null, null, null,
            OrganizationId: other.Id));
        var viaContact = await manager.CreateLeadAsync(new CreateLeadRequest("Nucleus licence", ContactId: gavin.Id));
        var viaOrganization = await manager.CreateLeadAsync(new CreateLeadRequest("Hooli XYZ", OrganizationId: organization.Id));
        var elsewhere = await manager.CreateLeadAsync(new CreateLeadRequest("Compression", ContactId: richard.Id));

        var timeline = await manager.GetOrganizationTimelineAsync(organization.Id);

        Assert.Equal([viaOrganization.Id, viaContact.Id], timeline.Where(i => i.Kind == "lead").Select(i => i.Id));
        Assert.Equal(gavin.Id, timeline.Single(i => i.Id == viaContact.Id).ContactId);
        Assert.DoesNotContain(timeline, i => i.Kind == "lead" && i.Id == elsewhere.Id);
        var ben = await fixture.Server.LoginAsync(Demo.Ben);
        Assert.Equal(HttpStatusCode.NotFound,
            (await Assert.ThrowsAsync<LiveDeskApiException>(() => ben.GetOrganizationTimelineAsync(organization.Id))).StatusCode);
    }
}
