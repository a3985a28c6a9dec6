using System.Text.Json;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Realtime.Features;

namespace LiveDesk.Server.Administration;

/// <summary>People, teams and queues on the live path. Their events go to the staff role rooms (pickers, lists, the
/// admin pages) and to the people they concern. An event that changes someone's access (their role, teams or state)
/// makes the dispatcher decide each of that person's open connections again before it publishes anything later; a
/// queue that moved to another team has its watchers checked again.</summary>
public sealed class AdminLiveFeature : ILiveFeature
{
    public void Describe(LiveFeatureBuilder feature) => feature
        .Events(EventTypes.UserCreated, EventTypes.UserUpdated, EventTypes.UserDeactivated, EventTypes.UserReactivated,
            EventTypes.TeamCreated, EventTypes.TeamUpdated, EventTypes.TeamMemberAdded, EventTypes.TeamMemberRemoved,
            EventTypes.QueueCreated, EventTypes.QueueUpdated)
        .RecheckPeopleAfter(ChangesSomeonesAccess, Concerned)
        .RecheckAfter(envelope => envelope.Type == EventTypes.QueueUpdated && HasField(envelope, "teamId"),
            envelope => [Room.Queue(envelope.EntityId)]);

    public static bool ChangesSomeonesAccess(EventEnvelope envelope) => envelope.Type switch
    {
        EventTypes.UserUpdated => HasField(envelope, "role") || HasField(envelope, "teamIds"),
        EventTypes.UserDeactivated or EventTypes.UserReactivated or EventTypes.TeamMemberAdded or EventTypes.TeamMemberRemoved => true,
        _ => false,
    };

    /// <summary>Whose access the event changed: the user of a user event, the member of a membership event.</summary>
    public static IEnumerable<long> Concerned(EventEnvelope envelope) =>
        envelope.Entity == EntityNames.User ? [envelope.EntityId]
        : envelope.Changes.TryGetProperty("userId", out var userId) && userId.TryGetInt64(out var id) ? [id] : [];

    private static bool HasField(EventEnvelope envelope, string field) =>
        envelope.Changes.ValueKind == JsonValueKind.Object && envelope.Changes.TryGetProperty(field, out _);
}
