using System.Net;
using LiveDesk.Client;
using LiveDesk.Contracts.Contacts;
using LiveDesk.Contracts.Conversations;
using LiveDesk.Contracts.Leads;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Crm;

/// <summary>Merging contacts: a ticket's requester is a contact (a customer login is linked to one), and a merge moves
/// every ticket, lead and login of the duplicate to the survivor in one write, telling open screens where to go.</summary>
public sealed class ContactMergeTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task MergingMovesTicketsLeadsAndTheLoginToTheSurvivorAndTellsWatchersWhereToGo(LiveTransport transport)
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var support = await manager.TeamIdAsync(Demo.SupportTeam);
        var survivor = await manager.CreateContactAsync(new CreateContactRequest(
            "Carla Customer (work)", [$"carla.{transport}@work.example"], null, support, null, ["vip"], null));
        var carla = await fixture.Server.LoginAsync(Demo.Carla);
        var mine = (await carla.AllTicketsAsync(new TicketQuery())).Select(t => t.ContactId).Distinct().Single();
        // Carla's login is linked to a contact (seeded; after the theory's first case, that case's survivor), and her
        // tickets carry it.
        Assert.NotNull(mine);
        var carlasContact = mine.Value;
        var ticket = await carla.CreateTicketAsync(new CreateTicketRequest("Printer again", "", null, null, null, null));
        Assert.Equal(carlasContact, ticket.ContactId);
        var lead = await manager.CreateLeadAsync(new CreateLeadRequest("Upsell to Carla", ContactId: carlasContact));
        var conversation = await carla.StartConversationAsync(new StartConversationRequest("Before the merge"));
        Assert.Equal(carlasContact, conversation.ContactId);
        var ticketsBefore = await manager.AllTicketsAsync(new TicketQuery(ContactId: carlasContact));
        Assert.Contains(ticketsBefore, t => t.Id == ticket.Id);
        var watched = await manager.GetContactAsync(carlasContact);
        await using var ana = await LiveClient.ConnectAsync(fixture.Server, Demo.Ana, rooms: [Room.Contact(carlasContact).Name], transport: transport);

        var merged = await manager.MergeContactAsync(carlasContact, new MergeContactRequest(survivor.Id), watched.Version);

        var gone = await ana.WaitForAsync(e => e.Type == EventTypes.ContactMerged && e.EntityId == carlasContact);
        Assert.Equal(survivor.Id, gone.Changes.GetProperty("into").GetInt64());
        var moved = await ana.WaitForAsync(e => e.Type == EventTypes.TicketUpdated && e.EntityId == ticket.Id);
        Assert.Equal(survivor.Id, moved.Changes.GetProperty("contactId").GetInt64());
        Assert.True(moved.Seq < gone.Seq, "the moves come before the merged contact's last event, in the same write");
        Assert.Empty(await manager.AllTicketsAsync(new TicketQuery(ContactId: carlasContact)));
        Assert.Equal(ticketsBefore.Select(t => t.Id).Order(), (await manager.AllTicketsAsync(new TicketQuery(ContactId: survivor.Id))).Select(t => t.Id).Order());
        Assert.Equal(survivor.Id, (await manager.GetLeadAsync(lead.Id)).ContactId);
        Assert.Equal(survivor.Id, (await manager.GetConversationAsync(conversation.Id)).ContactId);
        var conversationMoved = await ana.WaitForAsync(e => e.Type == EventTypes.ConversationUpdated && e.EntityId == conversation.Id);
        Assert.Equal(survivor.Id, conversationMoved.Changes.GetProperty("contactId").GetInt64());
        Assert.Contains(Demo.Carla, merged.Emails);
        Assert.Contains($"carla.{transport}@work.example".ToLowerInvariant(), merged.Emails);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<LiveDeskApiException>(() => manager.GetContactAsync(carlasContact))).StatusCode);
        Assert.False((await ana.SubscribeAsync(Room.Contact(carlasContact).Name)).Ok);
        var timeline = await manager.GetContactTimelineAsync(survivor.Id);
        Assert.Contains(timeline, i => i.Kind == "ticket" && i.Id == ticket.Id);
        Assert.Contains(timeline, i => i.Kind == "lead" && i.Id == lead.Id);
        var ben = await fixture.Server.LoginAsync(Demo.Ben);
        Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<LiveDeskApiException>(() => ben.GetContactTimelineAsync(survivor.Id))).StatusCode);
        // Her login follows: what she asks next belongs to the survivor.
        Assert.Equal(survivor.Id, (await carla.CreateTicketAsync(new CreateTicketRequest("And the scanner", "", null, null, null, null))).ContactId);
    }

    [Fact]
    public async Task MergingIntoItselfOrIntoNothingIs400AndChangesNothing()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var contact = await manager.CreateContactAsync(new CreateContactRequest("Solo", ["solo@example.org"], null,
            await manager.TeamIdAsync(Demo.SupportTeam), null, null, null));
        foreach (var into in new long?[] { contact.Id, 999_999, null })
        {
            var refused = await Assert.ThrowsAsync<LiveDeskApiException>(() => manager.MergeContactAsync(contact.Id, new MergeContactRequest(into)));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("into", refused.Errors!.Keys);
        }
        Assert.Equal(contact.Version, (await manager.GetContactAsync(contact.Id)).Version);
    }
}
