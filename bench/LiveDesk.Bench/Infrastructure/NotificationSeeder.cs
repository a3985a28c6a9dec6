using LiveDesk.Contracts.Notifications;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Notifications;

namespace LiveDesk.Bench.Infrastructure;

/// <summary>Bulk notifications straight into the database for S5's badge: a tenth of them belong to one user (the
/// heaviest case a badge query meets), the rest are spread over the others. About half are read, and some are snoozed
/// (into the future: hidden; into the past: shown again) or are expired announcements, so the count's filter has real
/// work to do. Returns what the badge must say for each user.</summary>
public static class NotificationSeeder
{
    private const int Batch = 5_000;

    public static async Task<Dictionary<long, int>> SeedAsync(LiveDeskTarget target, IReadOnlyList<long> users, int total, long actorId,
        CancellationToken ct)
    {
        var random = new Random(42);
        var heavy = users[0];
        var heavyRows = total / 10;
        var now = DateTimeOffset.UtcNow;
        var unread = users.ToDictionary(u => u, _ => 0);
        for (var start = 0; start < total; start += Batch)
        {
            await using var db = target.OpenDb();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var rows = new List<Notification>(Batch);
            for (var i = start; i < Math.Min(total, start + Batch); i++)
            {
                var owner = i < heavyRows ? heavy : users[1 + (i - heavyRows) % (users.Count - 1)];
                var created = now.AddMinutes(-random.Next(1, 30 * 24 * 60));
                var roll = random.NextDouble();
                var announcement = roll < 0.02;
                var row = new Notification
                {
                    UserId = owner, Type = announcement ? NotificationTypes.Announcement : NotificationTypes.TicketAssigned,
                    Priority = NotificationPriority.Normal, Title = $"Seeded notification {i}", Body = "Seeded by the bench.",
                    Entity = announcement ? EntityNames.Announcement : EntityNames.Ticket, EntityId = 1 + i % 500,
                    // Unique per (user, source seq, type) as the index demands; no event needs to exist for it.
                    SourceSeq = i + 1, ActorId = actorId, CreatedAt = created, Version = 1,
                    ReadAt = random.NextDouble() < 0.5 ? created.AddMinutes(5) : null,
                    ExpiresAt = announcement ? now.AddDays(-1) : null,
                    SnoozedUntil = roll switch
                    {
                        < 0.07 and >= 0.02 => now.AddDays(1),
                        < 0.12 and >= 0.07 => now.AddHours(-1),
                        _ => null,
                    },
                };
                rows.Add(row);
                if (row.ReadAt is null && (row.SnoozedUntil is null || row.SnoozedUntil <= now) && (row.ExpiresAt is null || row.ExpiresAt > now))
                {
                    unread[owner]++;
                }
            }
            db.Notifications.AddRange(rows);
            await db.SaveChangesAsync(ct);
        }
        return unread;
    }
}
