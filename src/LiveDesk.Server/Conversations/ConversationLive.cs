using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using LiveDesk.Server.Realtime.Features;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Conversations;

/// <summary>Conversations on the live path: the <c>conversation:{id}</c> room with the REST rule, the conversation and
/// message events, and a recheck of the room after a move to another team or assignee.</summary>
public sealed class ConversationLiveFeature : ILiveFeature
{
    private static readonly string[] PlacementFields = ["teamId", "assigneeId"];

    public void Describe(LiveFeatureBuilder feature) => feature
        .NumberedRoom(RoomKinds.Conversation, CanJoinAsync)
        .Events(EventTypes.ConversationCreated, EventTypes.ConversationAssigned, EventTypes.ConversationUpdated, EventTypes.ConversationStatusChanged,
            EventTypes.ConversationArchived, EventTypes.ConversationUnarchived, EventTypes.MessageCreated)
        .RecheckAfter(
            envelope => envelope.Entity == EntityNames.Conversation
                && envelope.Changes.ValueKind == System.Text.Json.JsonValueKind.Object
                && PlacementFields.Any(field => envelope.Changes.TryGetProperty(field, out _)),
            envelope => [Room.Conversation(envelope.EntityId)])
        // "Someone is typing": shown for 6 s unless renewed; a client sends it at most every 2 s while typing.
        .Signal(SignalNames.Typing, RoomKinds.Conversation, ttl: TimeSpan.FromSeconds(6), minInterval: TimeSpan.FromSeconds(2));

    private static async Task<bool> CanJoinAsync(Viewer viewer, Room room, LiveDeskDb db, CancellationToken ct)
    {
        var conversation = await db.Conversations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == room.Id, ct);
        return conversation is not null && viewer.CanView(conversation);
    }
}

/// <summary>Where conversation and message events go: the conversation's room, its team's room (the inbox), the
/// customer's and the assignee's own rooms, and the managers' and admins' rooms; after a move, also where it was.</summary>
public static class ConversationEvents
{
    public static IReadOnlyCollection<Room> RoomsFor(Conversation conversation, long? previousTeamId = null, long? previousAssigneeId = null)
    {
        var rooms = new HashSet<Room>
        {
            Room.Conversation(conversation.Id), Room.Team(conversation.TeamId), Room.User(conversation.CustomerId),
            Room.ForRole(UserRole.Manager), Room.ForRole(UserRole.Admin),
        };
        if (conversation.AssigneeId is { } assignee)
        {
            rooms.Add(Room.User(assignee));
        }
        if (previousTeamId is { } team)
        {
            rooms.Add(Room.Team(team));
        }
        if (previousAssigneeId is { } previous)
        {
            rooms.Add(Room.User(previous));
        }
        return rooms;
    }

    public static PendingEvent Created(Conversation conversation, long actorId) => new(
        EventTypes.ConversationCreated, EntityNames.Conversation, conversation.Id, conversation.Version, actorId,
        new Dictionary<string, object?>
        {
            ["customerId"] = conversation.CustomerId,
            ["contactId"] = conversation.ContactId,
            ["channel"] = conversation.Channel,
            ["subject"] = conversation.Subject,
            ["teamId"] = conversation.TeamId,
            ["assigneeId"] = conversation.AssigneeId,
            ["status"] = conversation.Status,
            ["archived"] = conversation.Archived,
            ["lastMessageAt"] = conversation.LastMessageAt,
            ["createdAt"] = conversation.CreatedAt,
            ["updatedAt"] = conversation.UpdatedAt,
        },
        RoomsFor(conversation));

    public static PendingEvent Changed(string type, EntityChange<Conversation> change, long previousTeamId, long? previousAssigneeId) => new(
        type, EntityNames.Conversation, change.Entity.Id, change.Entity.Version, change.Viewer.UserId, change.Fields,
        RoomsFor(change.Entity, previousTeamId != change.Entity.TeamId ? previousTeamId : null,
            previousAssigneeId != change.Entity.AssigneeId ? previousAssigneeId : null));

    public static PendingEvent MessageCreated(Conversation conversation, Message message) => new(
        EventTypes.MessageCreated, EntityNames.Message, message.Id, 1, message.AuthorId,
        new Dictionary<string, object?>
        {
            ["conversationId"] = message.ConversationId,
            ["direction"] = message.Direction,
            ["authorId"] = message.AuthorId,
            ["body"] = message.Body,
            ["createdAt"] = message.CreatedAt,
        },
        RoomsFor(conversation));
}
