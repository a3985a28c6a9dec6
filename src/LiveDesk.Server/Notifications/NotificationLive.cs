using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Realtime.EventLog;
using LiveDesk.Server.Realtime.Features;

namespace LiveDesk.Server.Notifications;

/// <summary>Notifications on the live path: every change of a user's notifications or preferences is an event in that
/// user's own <c>user:{id}</c> room (which every connection of theirs is in), so every tab and device agrees. No room
/// kind of its own. The reaction creates the notifications a write causes, inside that write.</summary>
public sealed class NotificationLiveFeature : ILiveFeature
{
    public void Describe(LiveFeatureBuilder feature) => feature
        .Events(EventTypes.NotificationCreated, EventTypes.NotificationRead, EventTypes.NotificationUnread, EventTypes.NotificationSnoozed,
            EventTypes.NotificationDeleted, EventTypes.NotificationReadAll, EventTypes.NotificationPreferencesUpdated,
            EventTypes.AnnouncementCreated, EventTypes.AnnouncementDelivered)
        .ReactsToWrites(NotificationReaction.ReactAsync);
}

public static class NotificationEvents
{
    public static PendingEvent Created(Notification n) => new(
        EventTypes.NotificationCreated, EntityNames.Notification, n.Id, n.Version, n.ActorId,
        new Dictionary<string, object?>
        {
            ["type"] = n.Type,
            ["priority"] = n.Priority,
            ["title"] = n.Title,
            ["body"] = n.Body,
            ["entity"] = n.Entity,
            ["entityId"] = n.EntityId,
            ["sourceSeq"] = n.SourceSeq,
            ["actorId"] = n.ActorId,
            ["createdAt"] = n.CreatedAt,
            ["readAt"] = n.ReadAt,
            ["snoozedUntil"] = n.SnoozedUntil,
        },
        [Room.User(n.UserId)]);

    public static PendingEvent Changed(string type, Notification n, Dictionary<string, object?> changes) =>
        new(type, EntityNames.Notification, n.Id, n.Version, n.UserId, changes, [Room.User(n.UserId)]);

    /// <summary>About the user's notifications as a whole (read_all, clear): entity <c>notification_list</c>, entity id
    /// the user's, version 0 (nothing to order: each says "every one up to throughId").</summary>
    public static PendingEvent ForUser(string type, long userId, Dictionary<string, object?> changes) =>
        new(type, EntityNames.NotificationList, userId, 0, userId, changes, [Room.User(userId)]);
}
