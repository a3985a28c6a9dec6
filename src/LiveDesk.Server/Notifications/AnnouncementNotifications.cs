using System.Text;
using LiveDesk.Contracts.Notifications;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Notifications;

/// <summary>One chunk of an announcement's notifications as one multi-row INSERT, then read back for their events.
/// Through the change tracker, 500 rows took most of a chunk's ~110 ms (S5), all of it inside the write lock; every
/// row shares its values but the user and the email time, so those are the only per-row parameters.</summary>
public static class AnnouncementNotifications
{
    public static async Task<List<Notification>> InsertAsync(LiveDeskDb db, Announcement announcement, IReadOnlyList<(long UserId, bool Email)> recipients,
        DateTimeOffset at, TimeSpan unreadDelay, CancellationToken ct)
    {
        if (recipients.Count == 0)
        {
            return [];
        }
        var shared = new List<object>
        {
            NotificationTypes.Announcement,
            StoredValues.Of<Notification>(db, nameof(Notification.Priority), announcement.Priority),
            announcement.Title,
            announcement.Body,
            EntityNames.Announcement,
            announcement.Id,
            announcement.SourceSeq,
            announcement.CreatedById,
            StoredValues.Of<Notification>(db, nameof(Notification.CreatedAt), at),
            StoredValues.Of<Notification>(db, nameof(Notification.EmailAt), at + unreadDelay),
        };
        // Null expiry and no email are written as NULL literals: an untyped null parameter is a guess on PostgreSQL.
        var expires = announcement.ExpiresAt is not null ? $"{{{shared.Count}}}" : "NULL";
        if (announcement.ExpiresAt is { } value)
        {
            shared.Add(StoredValues.Of<Notification>(db, nameof(Notification.ExpiresAt), value));
        }
        var sql = new StringBuilder("""
            INSERT INTO "Notifications" ("UserId", "Type", "Priority", "Title", "Body", "Entity", "EntityId", "SourceSeq", "ActorId", "CreatedAt", "EmailAt", "ExpiresAt", "Version") VALUES 
            """);
        var parameters = new List<object>(shared);
        for (var i = 0; i < recipients.Count; i++)
        {
            sql.Append(i == 0 ? "(" : ", (")
                .Append('{').Append(parameters.Count).Append("}, {0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, ")
                .Append(recipients[i].Email ? "{9}" : "NULL").Append(", ").Append(expires).Append(", 1)");
            parameters.Add(recipients[i].UserId);
        }
        await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
        var ids = recipients.Select(r => r.UserId).ToList();
        return await db.Notifications.AsNoTracking()
            .Where(n => n.SourceSeq == announcement.SourceSeq && n.Type == NotificationTypes.Announcement && ids.Contains(n.UserId))
            .OrderBy(n => n.Id).ToListAsync(ct);
    }
}
