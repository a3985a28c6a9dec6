using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Crm;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;

namespace LiveDesk.Server.Organizations;

/// <summary>Organizations on the live path: the <c>organization:{id}</c> room, list events to the team's room and the
/// managers' and admins' rooms, and a recheck of the room's watchers after a move to another team or a deletion.</summary>
public sealed class OrganizationLiveFeature() : TeamScopedLiveFeature<Organization>(
    RoomKinds.Organization, EntityNames.Organization, [EventTypes.OrganizationDeleted],
    EventTypes.OrganizationCreated, EventTypes.OrganizationUpdated, EventTypes.OrganizationDeleted);

/// <summary>Where an organization's events go and what they carry.</summary>
public static class OrganizationEvents
{
    public static PendingEvent Created(Organization organization, long actorId) => new(
        EventTypes.OrganizationCreated, EntityNames.Organization, organization.Id, organization.Version, actorId,
        new Dictionary<string, object?>
        {
            ["name"] = organization.Name,
            ["domain"] = organization.Domain,
            ["teamId"] = organization.TeamId,
            ["notes"] = organization.Notes,
            ["contactCount"] = 0,
            ["createdAt"] = organization.CreatedAt,
            ["updatedAt"] = organization.UpdatedAt,
        },
        TeamScopedAccess.RoomsFor(Room.Organization(organization.Id), organization.TeamId));

    public static PendingEvent Changed(string type, EntityChange<Organization> change, long previousTeamId) => new(
        type, EntityNames.Organization, change.Entity.Id, change.Entity.Version, change.Viewer.UserId, change.Fields,
        TeamScopedAccess.RoomsFor(Room.Organization(change.Entity.Id), change.Entity.TeamId, previousTeamId));
}
