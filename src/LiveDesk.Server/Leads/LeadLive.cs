using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using LiveDesk.Server.Realtime.Features;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Leads;

/// <summary>Leads on the live path: the <c>lead:{id}</c> room with the REST rule, the lead events, and a recheck of
/// the room's watchers after the lead changes owner or is deleted.</summary>
public sealed class LeadLiveFeature : ILiveFeature
{
    public void Describe(LiveFeatureBuilder feature) => feature
        .NumberedRoom(RoomKinds.Lead, CanJoinAsync)
        .Events(EventTypes.LeadCreated, EventTypes.LeadUpdated, EventTypes.LeadStageChanged, EventTypes.LeadAssigned,
            EventTypes.LeadConverted, EventTypes.LeadDeleted)
        .RecheckAfter(
            envelope => envelope.Entity == EntityNames.Lead && envelope.Type is EventTypes.LeadAssigned or EventTypes.LeadDeleted,
            envelope => [Room.Lead(envelope.EntityId)]);

    private static async Task<bool> CanJoinAsync(Viewer viewer, Room room, LiveDeskDb db, CancellationToken ct)
    {
        var lead = await db.Leads.AsNoTracking().SingleOrDefaultAsync(l => l.Id == room.Id, ct);
        return lead is not null && viewer.CanView(lead);
    }
}

/// <summary>Where a lead's events go and what they carry: the lead's room, its owner's own room (and the previous
/// owner's after a reassignment, so that pipeline drops the card), and the managers' and admins' rooms, which show
/// every pipeline.</summary>
public static class LeadEvents
{
    public static IReadOnlyCollection<Room> RoomsFor(Lead lead, long? previousOwnerId = null)
    {
        var rooms = new HashSet<Room>
        {
            Room.Lead(lead.Id), Room.User(lead.OwnerId), Room.ForRole(UserRole.Manager), Room.ForRole(UserRole.Admin),
        };
        if (previousOwnerId is { } previous)
        {
            rooms.Add(Room.User(previous));
        }
        return rooms;
    }

    public static PendingEvent Created(Lead lead, long actorId) => new(
        EventTypes.LeadCreated, EntityNames.Lead, lead.Id, lead.Version, actorId, Fields(lead), RoomsFor(lead));

    public static PendingEvent Changed(string type, EntityChange<Lead> change, long previousOwnerId) => new(
        type, EntityNames.Lead, change.Entity.Id, change.Entity.Version, change.Viewer.UserId, change.Fields,
        RoomsFor(change.Entity, previousOwnerId != change.Entity.OwnerId ? previousOwnerId : null));

    private static Dictionary<string, object?> Fields(Lead lead) => new()
    {
        ["title"] = lead.Title,
        ["contactId"] = lead.ContactId,
        ["organizationId"] = lead.OrganizationId,
        ["value"] = lead.Value,
        ["currency"] = lead.Currency,
        ["ownerId"] = lead.OwnerId,
        ["expectedCloseDate"] = lead.ExpectedCloseDate,
        ["source"] = lead.Source,
        ["stage"] = lead.Stage,
        ["createdAt"] = lead.CreatedAt,
        ["updatedAt"] = lead.UpdatedAt,
    };
}
