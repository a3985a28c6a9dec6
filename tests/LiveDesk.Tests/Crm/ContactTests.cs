using System.Net;
using LiveDesk.Client;
using LiveDesk.Contracts.Contacts;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Crm;

/// <summary>Contacts, the first entity added through the live-feature extension point: team-scoped access on REST and
/// on the live path, If-Match, validation at the edge.</summary>
public sealed class ContactTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task TeamStaffSeeANewContactLiveWhileAnotherTeamGetsNothingAndIsRefusedItsRoom(LiveTransport transport)
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var support = await manager.TeamIdAsync(Demo.SupportTeam);
        var fieldOps = await manager.TeamIdAsync(Demo.FieldOpsTeam);
        await using var ana = await LiveClient.ConnectAsync(fixture.Server, Demo.Ana, transport: transport);
        await using var ben = await LiveClient.ConnectAsync(fixture.Server, Demo.Ben, transport: transport);

        var contact = await manager.CreateContactAsync(new CreateContactRequest(
            "Grace Hopper", ["Grace@Navy.example"], ["+1 555 0100"], support, null, ["vip"], "Prefers email."));

        var created = await ana.WaitForAsync(e => e.Type == EventTypes.ContactCreated && e.EntityId == contact.Id);
        Assert.Equal("Grace Hopper", created.Changes.GetProperty("name").GetString());
        Assert.Equal("grace@navy.example", created.Changes.GetProperty("emails")[0].GetString());
        Assert.True((await ana.SubscribeAsync(Room.Contact(contact.Id).Name)).Ok);
        var refused = await ben.SubscribeAsync(Room.Contact(contact.Id).Name);
        Assert.False(refused.Ok);
        Assert.Equal("You may not join this room.", refused.Error);

        // Published in seq order: once Ben has this later Field Ops contact, he would have had Grace's by now.
        var barrier = await manager.CreateContactAsync(new CreateContactRequest("Field contact", null, null, fieldOps, null, null, null));
        await ben.WaitForAsync(e => e.Type == EventTypes.ContactCreated && e.EntityId == barrier.Id);
        Assert.DoesNotContain(ben.Events, e => e.Entity == EntityNames.Contact && e.EntityId == contact.Id);

        var benApi = await fixture.Server.LoginAsync(Demo.Ben);
        var notFound = await Assert.ThrowsAsync<LiveDeskApiException>(() => benApi.GetContactAsync(contact.Id));
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.DoesNotContain((await benApi.ListContactsAsync(q: "grace")).Items, c => c.Id == contact.Id);
        Assert.Contains((await (await fixture.Server.LoginAsync(Demo.Ana)).ListContactsAsync(q: "navy.example")).Items, c => c.Id == contact.Id);
    }

    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task AWatcherGetsUpdatesUntilTheContactMovesToATeamTheyAreNotIn(LiveTransport transport)
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var support = await manager.TeamIdAsync(Demo.SupportTeam);
        var fieldOps = await manager.TeamIdAsync(Demo.FieldOpsTeam);
        var contact = await manager.CreateContactAsync(new CreateContactRequest("Ada Lovelace", null, null, support, null, null, null));
        await using var ana = await LiveClient.ConnectAsync(fixture.Server, Demo.Ana, rooms: [Room.Contact(contact.Id).Name], transport: transport);

        var noted = await manager.UpdateContactAsync(contact.Id, new UpdateContactRequest(Notes: "Called back."), contact.Version);
        var update = await ana.WaitForAsync(e => e.Type == EventTypes.ContactUpdated && e.EntityId == contact.Id && e.Version == noted.Version);
        Assert.Equal("Called back.", update.Changes.GetProperty("notes").GetString());

        // The move itself reaches the old team (so its lists drop the contact); after it, Ana is out of the room.
        var moved = await manager.UpdateContactAsync(contact.Id, new UpdateContactRequest(TeamId: fieldOps), noted.Version);
        await ana.WaitForAsync(e => e.EntityId == contact.Id && e.Version == moved.Version);
        var later = await manager.UpdateContactAsync(contact.Id, new UpdateContactRequest(Notes: "Field Ops only."), moved.Version);
        var barrier = await manager.CreateContactAsync(new CreateContactRequest("Support barrier", null, null, support, null, null, null));
        await ana.WaitForAsync(e => e.Type == EventTypes.ContactCreated && e.EntityId == barrier.Id);
        Assert.DoesNotContain(ana.Events, e => e.EntityId == contact.Id && e.Entity == EntityNames.Contact && e.Version == later.Version);
    }

    [Fact]
    public async Task AStaleVersionGets412BadInputGets400AndCustomersGet403()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var contact = await manager.CreateContactAsync(new CreateContactRequest("Alan Turing", null, null,
            await manager.TeamIdAsync(Demo.SupportTeam), null, null, null));
        await manager.UpdateContactAsync(contact.Id, new UpdateContactRequest(Name: "Alan M. Turing"), contact.Version);

        var stale = await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            manager.UpdateContactAsync(contact.Id, new UpdateContactRequest(Name: "Someone else"), contact.Version));
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("Alan M. Turing", (await manager.GetContactAsync(contact.Id)).Name);

        var badEmail = await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            manager.CreateContactAsync(new CreateContactRequest("X", ["not-an-email"], null, null, null, null, null)));
        Assert.Equal(HttpStatusCode.BadRequest, badEmail.StatusCode);
        Assert.Contains("emails", badEmail.Errors!.Keys);
        var badTag = await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            manager.UpdateContactAsync(contact.Id, new UpdateContactRequest(Tags: ["Not A Tag!"])));
        Assert.Equal(HttpStatusCode.BadRequest, badTag.StatusCode);
        Assert.Contains("tags", badTag.Errors!.Keys);
        Assert.Equal("Alan M. Turing", (await manager.GetContactAsync(contact.Id)).Name);

        var carla = await fixture.Server.LoginAsync(Demo.Carla);
        var forbidden = await Assert.ThrowsAsync<LiveDeskApiException>(() => carla.ListContactsAsync());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task OnPostgreSqlContactsAreStoredSearchedByEmailAndUpdated()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var server = await ServerProcess.StartNewAsync(database.ServerEnvironment);
        var manager = await server.LoginAsync(Demo.Manager);
        var support = await manager.TeamIdAsync(Demo.SupportTeam);

        var contact = await manager.CreateContactAsync(new CreateContactRequest(
            "Katherine Johnson", ["KJ@nasa.example", "kj@nasa.example"], ["+1 555 0199"], support, null, ["vip", "space"], null));
        Assert.Equal(["kj@nasa.example"], contact.Emails);

        Assert.Equal([contact.Id], (await manager.ListContactsAsync(q: "nasa.EXAMPLE")).Items.Select(c => c.Id));
        Assert.Equal([contact.Id], (await manager.ListContactsAsync(q: "katherine")).Items.Select(c => c.Id));
        var updated = await manager.UpdateContactAsync(contact.Id, new UpdateContactRequest(Tags: ["space"]), contact.Version);
        Assert.Equal(["space"], (await manager.GetContactAsync(contact.Id)).Tags);
        Assert.Equal(contact.Version + 1, updated.Version);
    }
}
