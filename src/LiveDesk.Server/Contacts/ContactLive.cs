using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.EventLog;
using LiveDesk.Server.Realtime.Features;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Contacts;

/// <summary>Contacts on the live path (docs/adding-an-entity.md): the <c>contact:{id}</c> room for an open contact,
/// list events to the team's room and the managers' and admins' rooms, and a recheck of the contact's watchers when
/// it moves to another team or is deleted.</summary>
public sealed class ContactLiveFeature : ILiveFeature
{
    public void Describe(LiveFeatureBuilder feature) => feature
        .NumberedRoom(RoomKinds.Contact, CanViewAsync)
        .Events(EventTypes.ContactCreated, EventTypes.ContactUpdated, EventTypes.ContactDeleted)
        .RecheckAfter(
            envelope => envelope.Entity == EntityNames.Contact
                && (envelope.Type == EventTypes.ContactDeleted
                    || (envelope.Changes.ValueKind == System.Text.Json.JsonValueKind.Object && envelope.Changes.TryGetProperty("teamId", out _))),
            envelope => [Room.Contact(envelope.EntityId)]);

    private static async Task<bool> CanViewAsync(Viewer viewer, Room room, LiveDeskDb db, CancellationToken ct)
    {
        var contact = await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == room.Id, ct);
        return contact is not null && viewer.CanView(contact);
    }
}

/// <summary>Where a contact's events go and what they carry.</summary>
public static class ContactEvents
{
    /// <summary>The contact's room, its team's room (and the previous team's after a move, so that list drops it),
    /// and the managers' and admins' rooms. Not the owner's own room: an owner who is not (or no longer) in the team
    /// may not see the contact, and the team room already reaches an owner who is.</summary>
    public static IReadOnlyCollection<Room> RoomsFor(Contact contact, long? previousTeamId = null)
    {
        var rooms = new HashSet<Room>
        {
            Room.Contact(contact.Id), Room.Team(contact.TeamId), Room.ForRole(UserRole.Manager), Room.ForRole(UserRole.Admin),
        };
        if (previousTeamId is { } previous)
        {
            rooms.Add(Room.Team(previous));
        }
        return rooms;
    }

    public static PendingEvent Created(Contact contact, long actorId) => new(
        EventTypes.ContactCreated, EntityNames.Contact, contact.Id, contact.Version, actorId, Fields(contact), RoomsFor(contact));

    public static PendingEvent Changed(string type, Contact contact, long previousTeamId, long actorId, Dictionary<string, object?> changes)
    {
        changes["updatedAt"] = contact.UpdatedAt;
        return new PendingEvent(type, EntityNames.Contact, contact.Id, contact.Version, actorId, changes,
            RoomsFor(contact, previousTeamId != contact.TeamId ? previousTeamId : null));
    }

    private static Dictionary<string, object?> Fields(Contact contact) => new()
    {
        ["name"] = contact.Name,
        ["emails"] = contact.Emails,
        ["phones"] = contact.Phones,
        ["teamId"] = contact.TeamId,
        ["ownerId"] = contact.OwnerId,
        ["tags"] = contact.Tags,
        ["notes"] = contact.Notes,
        ["createdAt"] = contact.CreatedAt,
        ["updatedAt"] = contact.UpdatedAt,
    };
}
