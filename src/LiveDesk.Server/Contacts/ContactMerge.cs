using LiveDesk.Contracts.Contacts;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Conversations;
using LiveDesk.Server.Crm;
using LiveDesk.Server.Data;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Leads;
using LiveDesk.Server.Realtime.EventLog;
using LiveDesk.Server.Tickets;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Contacts;

/// <summary>Merging a duplicate contact into a survivor, in one write: the duplicate's tickets, conversations, leads and
/// customer logins move to the survivor (each ticket, conversation and lead with its own event, so open screens follow), its emails, phones
/// and tags are added to the survivor's, and the duplicate ends with <c>contact.merged { into }</c>, which tells screens
/// showing it where to go. Its watchers then lose the room, as after a deletion.</summary>
public static class ContactMerge
{
    public static async Task<IResult> MergeAsync(HttpContext http, long id, MergeContactRequest request, LiveDeskDb db, LiveWriter writer)
    {
        if (request.Into is not { } into)
        {
            return VersionedWrite.Invalid("into", "into is required: the id of the contact that survives.");
        }
        if (into == id)
        {
            return VersionedWrite.Invalid("into", "A contact cannot be merged into itself.");
        }
        var ct = http.RequestAborted;
        Contact? survivor = null;
        return await ContactEndpoints.ChangeAsync(http, id, db, writer, EventTypes.ContactMerged, async change =>
        {
            var merged = change.Entity;
            survivor = await db.Contacts.VisibleTo(change.Viewer).SingleOrDefaultAsync(c => c.Id == into, ct);
            if (survivor is null)
            {
                return VersionedWrite.Invalid("into", "No such contact.");
            }
            var survivorChange = new EntityChange<Contact>(survivor, change.Viewer, change.Batch);
            if (Absorb(survivorChange, merged) is { } tooMany)
            {
                return tooMany;
            }
            await MoveTicketsAsync(db, change, into, ct);
            await MoveLeadsAsync(db, change, into, ct);
            await MoveConversationsAsync(db, change, into, ct);
            await db.Users.Where(u => u.ContactId == merged.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.ContactId, into), ct);
            if (survivorChange.Fields.Count > 0)
            {
                survivor.Version++;
                survivor.UpdatedAt = change.At;
                survivorChange.Fields["updatedAt"] = change.At;
                change.Batch.Add(ContactEvents.Changed(EventTypes.ContactUpdated, survivor, survivor.TeamId, change.Viewer.UserId, survivorChange.Fields));
            }
            merged.DeletedAt = change.At;
            change.Fields["into"] = into;
            change.Fields["deletedAt"] = change.At;
            return null;
        }, _ => Task.FromResult<IResult>(TypedResults.Ok(survivor!.ToDto())));
    }

    /// <summary>The survivor keeps its own name, team and owner, and gains what only the duplicate had.</summary>
    private static IResult? Absorb(EntityChange<Contact> survivor, Contact merged)
    {
        var contact = survivor.Entity;
        var emails = ContactRules.NormalizeEmails(contact.Emails.Concat(merged.Emails));
        var phones = ContactRules.Distinct(contact.Phones.Concat(merged.Phones));
        var tags = ContactRules.Distinct(contact.Tags.Concat(merged.Tags));
        var errors = ContactRules.Validate(null, emails, phones, tags, null, nameRequired: false);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(e => $"into.{e.Key}", e => e.Value));
        }
        survivor.Set(emails, contact.Emails, v => contact.Emails = v, "emails");
        survivor.Set(phones, contact.Phones, v => contact.Phones = v, "phones");
        survivor.Set(tags, contact.Tags, v => contact.Tags = v, "tags");
        if (merged.Notes.Length > 0 && contact.Notes.Length + merged.Notes.Length + 2 <= ContactRules.MaxNotesLength)
        {
            survivor.Set(contact.Notes.Length == 0 ? merged.Notes : $"{contact.Notes}\n\n{merged.Notes}", contact.Notes, v => contact.Notes = v, "notes");
        }
        if (contact.OrganizationId is null && merged.OrganizationId is { } organizationId && merged.TeamId == contact.TeamId)
        {
            contact.OrganizationId = organizationId;
            survivor.Fields["organizationId"] = organizationId;
        }
        return null;
    }

    private static async Task MoveTicketsAsync(LiveDeskDb db, EntityChange<Contact> change, long into, CancellationToken ct)
    {
        foreach (var ticket in await db.Tickets.Where(t => t.ContactId == change.Entity.Id).ToListAsync(ct))
        {
            var before = TicketRouting.Placement.Of(ticket);
            ticket.ContactId = into;
            if (ticket.DeletedAt is not null)
            {
                continue; // out of every list: moved, but nobody to tell
            }
            ticket.Version++;
            ticket.UpdatedAt = change.At;
            change.Batch.Add(TicketEvents.Changed(EventTypes.TicketUpdated, ticket, before, change.Viewer.UserId,
                new Dictionary<string, object?> { ["contactId"] = into }));
        }
    }

    private static async Task MoveConversationsAsync(LiveDeskDb db, EntityChange<Contact> change, long into, CancellationToken ct)
    {
        foreach (var conversation in await db.Conversations.Where(c => c.ContactId == change.Entity.Id).ToListAsync(ct))
        {
            conversation.ContactId = into;
            conversation.Version++;
            conversation.UpdatedAt = change.At;
            change.Batch.Add(new PendingEvent(EventTypes.ConversationUpdated, EntityNames.Conversation, conversation.Id, conversation.Version,
                change.Viewer.UserId, new Dictionary<string, object?> { ["contactId"] = into, ["updatedAt"] = change.At },
                ConversationEvents.RoomsFor(conversation)));
        }
    }

    private static async Task MoveLeadsAsync(LiveDeskDb db, EntityChange<Contact> change, long into, CancellationToken ct)
    {
        foreach (var lead in await db.Leads.Where(l => l.ContactId == change.Entity.Id).ToListAsync(ct))
        {
            lead.ContactId = into;
            if (lead.DeletedAt is not null)
            {
                continue;
            }
            lead.Version++;
            lead.UpdatedAt = change.At;
            change.Batch.Add(new PendingEvent(EventTypes.LeadUpdated, EntityNames.Lead, lead.Id, lead.Version, change.Viewer.UserId,
                new Dictionary<string, object?> { ["contactId"] = into, ["updatedAt"] = change.At }, LeadEvents.RoomsFor(lead)));
        }
    }
}
