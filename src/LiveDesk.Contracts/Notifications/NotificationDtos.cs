using System.Text.Json.Serialization;

namespace LiveDesk.Contracts.Notifications;

/// <summary>The notification types. Later features add theirs here and a rule in the server's NotificationRules.</summary>
public static class NotificationTypes
{
    public const string TicketAssigned = "ticket.assigned";
    public const string TicketMentioned = "ticket.mentioned";
    public const string TicketReply = "ticket.reply";
    public const string TicketStatus = "ticket.status";
    public const string QueueNewTicket = "queue.new_ticket";
    public const string Announcement = "announcement";

    public static readonly IReadOnlyList<string> All = [TicketAssigned, TicketMentioned, TicketReply, TicketStatus, QueueNewTicket, Announcement];
}

[JsonConverter(typeof(WireEnumConverter<NotificationPriority>))]
public enum NotificationPriority
{
    [JsonStringEnumMemberName("low")] Low,
    [JsonStringEnumMemberName("normal")] Normal,
    [JsonStringEnumMemberName("high")] High,
    [JsonStringEnumMemberName("urgent")] Urgent,
}

public sealed record NotificationDto(
    long Id,
    string Type,
    NotificationPriority Priority,
    string Title,
    string Body,
    string? Entity,
    long? EntityId,
    long SourceSeq,
    long? ActorId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ReadAt,
    DateTimeOffset? SnoozedUntil,
    long Version);

/// <summary>Newest first; pass <see cref="NextBefore"/> as <c>before</c> for the next page.</summary>
public sealed record NotificationPage(IReadOnlyList<NotificationDto> Items, long? NextBefore);

public sealed record UnreadCount(int Count);

public sealed record SnoozeRequest(DateTimeOffset? Until);

/// <summary>Which of a user's notifications a scope covers, where the type has one: <c>mine</c> (tickets assigned to
/// me), <c>teams</c> (my teams' tickets) or <c>all</c>.</summary>
public static class NotificationScopes
{
    public const string Mine = "mine";
    public const string Teams = "teams";
    public const string All = "all";
}

/// <summary>One type's channels. <see cref="Scope"/> only for types that have one (ticket.reply, queue.new_ticket).
/// A channel this does not name (say <c>sms</c>) is refused rather than ignored.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TypePreference(bool InApp, bool Desktop, bool Email, string? Scope = null);

/// <summary>Quiet hours: from <see cref="Start"/> to <see cref="End"/> ("HH:mm", local to <see cref="TimeZone"/>, an IANA
/// name), on <see cref="Days"/> (the day the quiet time starts: "mon" ... "sun"). Desktop and email wait; in-app is
/// still recorded. <see cref="UrgentBreaksThrough"/> lets urgent ones through.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record QuietHours(string Start, string End, string TimeZone, IReadOnlyList<string> Days, bool UrgentBreaksThrough = false);

public sealed record NotificationPreferencesDto(
    IReadOnlyDictionary<string, TypePreference> Types,
    QuietHours? QuietHours,
    DateTimeOffset? DoNotDisturbUntil,
    long Version);

/// <summary>PUT body: <see cref="Types"/> may name only the types to change; a null <see cref="QuietHours"/> turns them
/// off, as does a null <see cref="DoNotDisturbUntil"/> do-not-disturb.</summary>
public sealed record UpdateNotificationPreferencesRequest(
    IReadOnlyDictionary<string, TypePreference>? Types,
    QuietHours? QuietHours,
    DateTimeOffset? DoNotDisturbUntil);

/// <summary>POST /api/announcements (admins). <see cref="Audience"/>: <c>all</c>, <c>role:{role}</c> or <c>team:{id}</c>.
/// After <see cref="ExpiresAt"/> its notifications leave every list.</summary>
public sealed record CreateAnnouncementRequest(string? Title, string? Body, NotificationPriority? Priority, string? Audience, DateTimeOffset? ExpiresAt = null);

/// <summary>An announcement and how far its delivery got: <see cref="Delivered"/> notifications so far, and
/// <see cref="DeliveredAt"/> once every member of the audience has one.</summary>
public sealed record AnnouncementDto(long Id, string Title, string Body, NotificationPriority Priority, string Audience, DateTimeOffset? ExpiresAt,
    long CreatedById, DateTimeOffset CreatedAt, int Delivered, DateTimeOffset? DeliveredAt);
