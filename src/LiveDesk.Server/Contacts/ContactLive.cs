using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Crm;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;

namespace LiveDesk.Server.Contacts;

/// <summary>Contacts on the live path (docs/adding-an-entity.md): the <c>contact:{id}</c> room for an open contact,
/// list events to the team's room and the managers' and admins' rooms, and a recheck of the contact's watchers when
/// it moves to another team or is deleted.</summary>
public sealed class ContactLiveFeature() : TeamScopedLiveFeature<Contact>(
    RoomKinds.Contact, EntityNames.Contact, [EventTypes.ContactDeleted, EventTypes.ContactMerged],
    EventTypes.ContactCreated, EventTypes.ContactUpdated, EventTypes.ContactDeleted, EventTypes.ContactMerged);

/// <summary>Where a contact's events go and what they carry. Not to the owner's own room: an owner who is not (or no
/// longer) in the team may not see the contact, and the team room already reaches an owner who is.</summary>
public static class ContactEvents
{
    public static PendingEvent Created(Contact contact, long actorId) => new(
        EventTypes.ContactCreated, EntityNames.Contact, contact.Id, contact.Version, actorId, Fields(contact),
        TeamScopedAccess.RoomsFor(Room.Contact(contact.Id), contact.TeamId));

    public static PendingEvent Changed(string type, Contact contact, long previousTeamId, long actorId, Dictionary<string, object?> changes) => new(
        type, EntityNames.Contact, contact.Id, contact.Version, actorId, changes,
        TeamScopedAccess.RoomsFor(Room.Contact(contact.Id), contact.TeamId, previousTeamId));

    private static Dictionary<string, object?> Fields(Contact contact) => new()
    {
        ["name"] = contact.Name,
        ["emails"] = contact.Emails,
        ["phones"] = contact.Phones,
        ["teamId"] = contact.TeamId,
        ["ownerId"] = contact.OwnerId,
        ["organizationId"] = contact.OrganizationId,
        ["tags"] = contact.Tags,
        ["notes"] = contact.Notes,
        ["createdAt"] = contact.CreatedAt,
        ["updatedAt"] = contact.UpdatedAt,
    };
}
