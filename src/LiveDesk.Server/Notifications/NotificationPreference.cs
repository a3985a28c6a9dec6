using System.Text.Json;
using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Notifications;
using LiveDesk.Server.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveDesk.Server.Notifications;

/// <summary>A user's own choices; a user without a row has the defaults. Only the types the user changed are stored,
/// so a default that changes later still reaches everyone who never touched it.</summary>
public sealed class NotificationPreference
{
    public long UserId { get; set; }

    /// <summary>The changed types as JSON: <c>{ "ticket.reply": { "inApp": true, ... } }</c>.</summary>
    public string TypesJson { get; set; } = "{}";
    public string? QuietStart { get; set; }
    public string? QuietEnd { get; set; }
    public string? QuietTimeZone { get; set; }

    /// <summary>Comma separated: <c>mon,tue,wed</c>.</summary>
    public string? QuietDays { get; set; }
    public bool UrgentBreaksThrough { get; set; }
    public DateTimeOffset? DoNotDisturbUntil { get; set; }
    public long Version { get; set; }

    public QuietHours? Quiet => QuietStart is null || QuietEnd is null || QuietTimeZone is null ? null
        : new QuietHours(QuietStart, QuietEnd, QuietTimeZone, (QuietDays ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), UrgentBreaksThrough);

    public Dictionary<string, TypePreference> ChangedTypes =>
        JsonSerializer.Deserialize<Dictionary<string, TypePreference>>(TypesJson, NotificationDefaults.Json) ?? [];
}

public sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> preference)
    {
        preference.HasKey(p => p.UserId);
        preference.Property(p => p.UserId).ValueGeneratedNever();
        preference.Property(p => p.TypesJson).HasMaxLength(8000);
        preference.Property(p => p.QuietStart).HasMaxLength(5);
        preference.Property(p => p.QuietEnd).HasMaxLength(5);
        preference.Property(p => p.QuietTimeZone).HasMaxLength(64);
        preference.Property(p => p.QuietDays).HasMaxLength(32);
        preference.Ignore(p => p.Quiet);
        preference.Ignore(p => p.ChangedTypes);
        preference.HasOne<User>().WithOne().HasForeignKey<NotificationPreference>(p => p.UserId);
    }
}

/// <summary>What a user gets when they never changed anything. Staff: in-app for what is theirs, desktop for what is
/// addressed to them, no email; new tickets in a queue are off (a busy queue would drown the bell). Customers: in-app
/// and email for replies and for their ticket being resolved, since they are rarely looking.</summary>
public static class NotificationDefaults
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The types that take a scope, with the scopes they allow (the first is the default).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Scopes = new Dictionary<string, string[]>
    {
        [NotificationTypes.TicketReply] = [NotificationScopes.Mine, NotificationScopes.Teams],
        [NotificationTypes.QueueNewTicket] = [NotificationScopes.Teams, NotificationScopes.All],
    };

    public static IReadOnlyDictionary<string, TypePreference> For(UserRole role) => role == UserRole.Customer
        ? new Dictionary<string, TypePreference>
        {
            [NotificationTypes.TicketAssigned] = new(false, false, false),
            [NotificationTypes.TicketMentioned] = new(true, true, false),
            [NotificationTypes.TicketReply] = new(true, true, true, NotificationScopes.Mine),
            [NotificationTypes.TicketStatus] = new(true, false, true),
            [NotificationTypes.QueueNewTicket] = new(false, false, false, NotificationScopes.Teams),
            [NotificationTypes.Announcement] = new(true, true, false),
        }
        : new Dictionary<string, TypePreference>
        {
            [NotificationTypes.TicketAssigned] = new(true, true, false),
            [NotificationTypes.TicketMentioned] = new(true, true, false),
            [NotificationTypes.TicketReply] = new(true, false, false, NotificationScopes.Mine),
            [NotificationTypes.TicketStatus] = new(true, false, false),
            [NotificationTypes.QueueNewTicket] = new(false, false, false, NotificationScopes.Teams),
            [NotificationTypes.Announcement] = new(true, true, false),
        };

    /// <summary>The defaults with the user's changes laid over them.</summary>
    public static Dictionary<string, TypePreference> Effective(UserRole role, NotificationPreference? stored)
    {
        var types = new Dictionary<string, TypePreference>(For(role));
        foreach (var (type, preference) in stored?.ChangedTypes ?? [])
        {
            if (types.ContainsKey(type))
            {
                types[type] = preference;
            }
        }
        return types;
    }

    public static NotificationPreferencesDto ToDto(UserRole role, NotificationPreference? stored) =>
        new(Effective(role, stored), stored?.Quiet, stored?.DoNotDisturbUntil, stored?.Version ?? 0);
}
