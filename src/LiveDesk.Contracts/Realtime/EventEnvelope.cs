using System.Text.Json;

namespace LiveDesk.Contracts.Realtime;

/// <summary>One entry of the event log as clients see it, live and on replay.</summary>
/// <param name="Seq">Global position in the log; strictly increasing in commit order.</param>
/// <param name="Epoch">Identity of the log's history; a cursor from another epoch cannot be resumed.</param>
/// <param name="Type">entity.action, e.g. <c>ticket.assigned</c>; see <see cref="EventTypes"/>.</param>
/// <param name="Version">The entity's version after the change.</param>
/// <param name="Changes">The changed fields with their new values (camelCase), as a JSON object.</param>
public sealed record EventEnvelope(
    long Seq,
    string Epoch,
    string Type,
    string Entity,
    long EntityId,
    long Version,
    long? ActorId,
    DateTimeOffset At,
    JsonElement Changes);

public static class EventTypes
{
    public const string TicketCreated = "ticket.created";
    public const string TicketUpdated = "ticket.updated";
    public const string TicketAssigned = "ticket.assigned";
    public const string TicketStatusChanged = "ticket.status_changed";
    public const string TicketPriorityChanged = "ticket.priority_changed";
    public const string TicketDeleted = "ticket.deleted";
    public const string CommentCreated = "comment.created";
    public const string ContactCreated = "contact.created";
    public const string ContactUpdated = "contact.updated";
    public const string ContactDeleted = "contact.deleted";
    public const string ContactMerged = "contact.merged";
    public const string OrganizationCreated = "organization.created";
    public const string OrganizationUpdated = "organization.updated";
    public const string OrganizationDeleted = "organization.deleted";
    public const string LeadCreated = "lead.created";
    public const string LeadUpdated = "lead.updated";
    public const string LeadStageChanged = "lead.stage_changed";
    public const string LeadAssigned = "lead.assigned";
    public const string LeadConverted = "lead.converted";
    public const string LeadDeleted = "lead.deleted";
    public const string ConversationCreated = "conversation.created";
    public const string ConversationAssigned = "conversation.assigned";
    public const string ConversationUpdated = "conversation.updated";
    public const string ConversationStatusChanged = "conversation.status_changed";
    public const string ConversationArchived = "conversation.archived";
    public const string ConversationUnarchived = "conversation.unarchived";
    public const string MessageCreated = "message.created";
    public const string CampaignCreated = "campaign.created";
    public const string CampaignUpdated = "campaign.updated";
    public const string CampaignStatusChanged = "campaign.status_changed";
    public const string CampaignProgress = "campaign.progress";
    public const string NotificationCreated = "notification.created";
    public const string NotificationRead = "notification.read";
    public const string NotificationUnread = "notification.unread";
    public const string NotificationSnoozed = "notification.snoozed";
    public const string NotificationDeleted = "notification.deleted";
    public const string NotificationReadAll = "notification.read_all";
    public const string NotificationPreferencesUpdated = "notification_preferences.updated";
    public const string AnnouncementCreated = "announcement.created";
    public const string AnnouncementDelivered = "announcement.delivered";
    public const string UserCreated = "user.created";
    public const string UserUpdated = "user.updated";
    public const string UserDeactivated = "user.deactivated";
    public const string UserReactivated = "user.reactivated";
    public const string TeamCreated = "team.created";
    public const string TeamUpdated = "team.updated";
    public const string TeamMemberAdded = "team.member_added";
    public const string TeamMemberRemoved = "team.member_removed";
    public const string QueueCreated = "queue.created";
    public const string QueueUpdated = "queue.updated";
    public const string FeatureFlagUpdated = "feature_flag.updated";
}

public static class EntityNames
{
    public const string Ticket = "ticket";
    public const string Comment = "comment";
    public const string Contact = "contact";
    public const string Organization = "organization";
    public const string Lead = "lead";
    public const string Conversation = "conversation";
    public const string Message = "message";
    public const string Campaign = "campaign";
    public const string Notification = "notification";

    /// <summary>A user's notifications as a whole (read_all, clear): its id is the user's, so it never collides with a
    /// notification's own id and version.</summary>
    public const string NotificationList = "notification_list";
    public const string NotificationPreferences = "notification_preferences";
    public const string Announcement = "announcement";
    public const string User = "user";
    public const string Team = "team";
    public const string Queue = "queue";
    public const string FeatureFlag = "feature_flag";
}
