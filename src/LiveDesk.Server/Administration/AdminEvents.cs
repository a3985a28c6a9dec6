using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.EventLog;

namespace LiveDesk.Server.Administration;

/// <summary>Where the events of people, teams and queues go and what they carry. Staff see every user, team and queue
/// (pickers and directories), so the staff role rooms get them all; a user's own room gets what concerns them, so
/// their screens learn at once that their access changed; customers get queues, which they pick from.</summary>
public static class AdminEvents
{
    private static readonly Room[] StaffRooms = [Room.ForRole(UserRole.Admin), Room.ForRole(UserRole.Manager), Room.ForRole(UserRole.Agent)];

    public static PendingEvent UserCreated(User user, long actorId) => new(
        EventTypes.UserCreated, EntityNames.User, user.Id, user.Version, actorId,
        new Dictionary<string, object?>
        {
            ["email"] = user.Email,
            ["displayName"] = user.DisplayName,
            ["role"] = user.Role,
            ["teamIds"] = user.Teams.Select(t => t.TeamId).Order().ToList(),
            ["active"] = true,
        },
        [.. StaffRooms, Room.User(user.Id)]);

    public static PendingEvent UserChanged(string type, User user, long actorId, Dictionary<string, object?> changes) => new(
        type, EntityNames.User, user.Id, user.Version, actorId, changes, [.. StaffRooms, Room.User(user.Id)]);

    public static PendingEvent TeamCreated(Team team, long actorId) => new(
        EventTypes.TeamCreated, EntityNames.Team, team.Id, team.Version, actorId,
        new Dictionary<string, object?> { ["name"] = team.Name, ["memberIds"] = Array.Empty<long>() }, StaffRooms);

    public static PendingEvent TeamChanged(Team team, long actorId, Dictionary<string, object?> changes) => new(
        EventTypes.TeamUpdated, EntityNames.Team, team.Id, team.Version, actorId, changes, StaffRooms);

    /// <summary>team.member_added or team.member_removed, also to the member's own room.</summary>
    public static PendingEvent Membership(string type, Team team, long userId, long actorId) => new(
        type, EntityNames.Team, team.Id, team.Version, actorId,
        new Dictionary<string, object?> { ["userId"] = userId, ["updatedAt"] = team.UpdatedAt },
        [.. StaffRooms, Room.User(userId)]);

    public static PendingEvent QueueCreated(Queue queue, long actorId) => new(
        EventTypes.QueueCreated, EntityNames.Queue, queue.Id, queue.Version, actorId,
        new Dictionary<string, object?> { ["name"] = queue.Name, ["teamId"] = queue.TeamId, ["archived"] = queue.Archived },
        [.. StaffRooms, Room.ForRole(UserRole.Customer)]);

    public static PendingEvent QueueChanged(Queue queue, long actorId, Dictionary<string, object?> changes) => new(
        EventTypes.QueueUpdated, EntityNames.Queue, queue.Id, queue.Version, actorId, changes,
        [.. StaffRooms, Room.ForRole(UserRole.Customer)]);
}
