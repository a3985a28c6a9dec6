using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.Features;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Crm;

/// <summary>A CRM record that belongs to one team (contacts, organizations): staff of that team see it, managers and
/// admins see all, customers never. Soft-deleted records leave every list and room.</summary>
public interface ITeamScoped : IVersionedEntity
{
    long Id { get; }
    long TeamId { get; }
    DateTimeOffset? DeletedAt { get; }
}

/// <summary>Who may see a team-scoped record; used by REST, room joins and replay alike, so they cannot disagree.</summary>
public static class TeamScopedAccess
{
    public static IQueryable<T> VisibleTo<T>(this IQueryable<T> records, Viewer viewer) where T : class, ITeamScoped
    {
        var live = records.Where(r => r.DeletedAt == null);
        if (viewer.SeesEverything)
        {
            return live;
        }
        if (!viewer.IsStaff)
        {
            return live.Where(_ => false);
        }
        var teamIds = viewer.TeamIds.ToList();
        return live.Where(r => teamIds.Contains(r.TeamId));
    }

    public static bool CanView(this Viewer viewer, ITeamScoped record) =>
        record.DeletedAt is null && viewer.IsStaff && (viewer.SeesEverything || viewer.TeamIds.Contains(record.TeamId));

    /// <summary>A team a staff member may file a record under: one of theirs, or any for managers and admins.</summary>
    public static bool CanUseTeam(this Viewer viewer, long teamId) =>
        teamId > 0 && (viewer.SeesEverything || viewer.TeamIds.Contains(teamId));

    /// <summary>The record's own room, its team's room (and the previous team's after a move, so that team's lists
    /// drop it), and the managers' and admins' rooms.</summary>
    public static IReadOnlyCollection<Room> RoomsFor(Room own, long teamId, long? previousTeamId = null)
    {
        var rooms = new HashSet<Room> { own, Room.Team(teamId), Room.ForRole(UserRole.Manager), Room.ForRole(UserRole.Admin) };
        if (previousTeamId is { } previous && previous != teamId)
        {
            rooms.Add(Room.Team(previous));
        }
        return rooms;
    }
}

/// <summary>The live side of a team-scoped entity: its <c>kind:{id}</c> room with the same rule as REST, its event
/// types, and a recheck of the room's watchers when a record moves to another team or is gone (deleted, merged).</summary>
public abstract class TeamScopedLiveFeature<T>(string roomKind, string entity, string[] goneTypes, params string[] eventTypes)
    : ILiveFeature where T : class, ITeamScoped
{
    public void Describe(LiveFeatureBuilder feature) => feature
        .NumberedRoom(roomKind, CanJoinAsync)
        .Events(eventTypes)
        .RecheckAfter(
            envelope => envelope.Entity == entity
                && (goneTypes.Contains(envelope.Type)
                    || (envelope.Changes.ValueKind == System.Text.Json.JsonValueKind.Object && envelope.Changes.TryGetProperty("teamId", out _))),
            envelope => [new Room(roomKind, envelope.EntityId)]);

    private async Task<bool> CanJoinAsync(Viewer viewer, Room room, LiveDeskDb db, CancellationToken ct)
    {
        var record = await db.Set<T>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == room.Id, ct);
        return record is not null && viewer.CanView(record);
    }
}
