using LiveDesk.Contracts.Notifications;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveDesk.Server.Notifications;

/// <summary>Writes announcements' notifications, <see cref="ChunkSize"/> users per write: each chunk's notifications,
/// their <c>notification.created</c> events and the announcement's cursor commit together, and the write lock is free
/// between chunks for everyone else's writes. Started at once by the endpoint (<see cref="Wake"/>); at start it goes on
/// with whatever a restart interrupted. The unique (user, source seq, type) index makes a chunk repeated after a crash
/// impossible rather than merely unlikely.</summary>
public sealed partial class AnnouncementFanOut(IServiceScopeFactory scopes, IOptions<LiveDeskOptions> options, ILogger<AnnouncementFanOut> logger)
    : BackgroundService
{
    public const int ChunkSize = 500;
    private readonly WakeSignal _wake = new();

    public void Wake() => _wake.Wake();

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                while (await NextChunkAsync(stop))
                {
                }
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                LogFailed(e);
            }
            try
            {
                await _wake.WaitAsync(TimeSpan.FromSeconds(30), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Delivers one chunk of the oldest undelivered announcement; false when there is none.</summary>
    private async Task<bool> NextChunkAsync(CancellationToken stop)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LiveDeskDb>();
        var id = await db.Announcements.Where(a => a.DeliveredAt == null && a.SourceSeq > 0).OrderBy(a => a.Id).Select(a => (long?)a.Id).FirstOrDefaultAsync(stop);
        if (id is null)
        {
            return false;
        }
        var email = options.Value.Email;
        await scope.ServiceProvider.GetRequiredService<LiveWriter>().WriteAsync(async batch =>
        {
            var announcement = await db.Announcements.SingleAsync(a => a.Id == id, stop);
            var expired = announcement.ExpiresAt <= batch.At;
            var users = expired ? [] : await AnnouncementRules.Members(db, announcement.Audience, announcement.Cursor)
                .Take(ChunkSize).Select(u => new { u.Id, u.Role }).ToListAsync(stop);
            var ids = users.Select(u => u.Id).ToList();
            var stored = await db.NotificationPreferences.AsNoTracking().Where(p => ids.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, stop);
            var recipients = new List<(long UserId, bool Email)>();
            foreach (var user in users.Where(u => u.Id != announcement.CreatedById))
            {
                var preference = NotificationDefaults.Effective(user.Role, stored.GetValueOrDefault(user.Id))[NotificationTypes.Announcement];
                if (preference.InApp)
                {
                    recipients.Add((user.Id, preference.Email && email.Enabled));
                }
            }
            var created = await AnnouncementNotifications.InsertAsync(db, announcement, recipients, batch.At, email.UnreadDelay, stop);
            foreach (var notification in created)
            {
                batch.Add(NotificationEvents.Created(notification));
            }
            announcement.Delivered += created.Count;
            announcement.Cursor = users.Count > 0 ? users[^1].Id : announcement.Cursor;
            if (users.Count < ChunkSize)
            {
                announcement.DeliveredAt = batch.At;
                batch.Add(AnnouncementEvents.Delivered(announcement));
            }
            return 0;
        }, stop);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Delivering an announcement failed; it is tried again within 30 s.")]
    private partial void LogFailed(Exception exception);
}

/// <summary>Announcements' own events go to the admins, whose composer lists them with their delivery.</summary>
public static class AnnouncementEvents
{
    public static PendingEvent Created(Announcement a) => new(EventTypes.AnnouncementCreated, EntityNames.Announcement, a.Id, 1, a.CreatedById,
        new Dictionary<string, object?>
        {
            ["title"] = a.Title, ["body"] = a.Body, ["priority"] = a.Priority, ["audience"] = a.Audience, ["expiresAt"] = a.ExpiresAt,
            ["createdById"] = a.CreatedById, ["createdAt"] = a.CreatedAt, ["delivered"] = 0, ["deliveredAt"] = null,
        },
        [Room.ForRole(LiveDesk.Contracts.Identity.UserRole.Admin)]);

    public static PendingEvent Delivered(Announcement a) => new(EventTypes.AnnouncementDelivered, EntityNames.Announcement, a.Id, 2, null,
        new Dictionary<string, object?> { ["delivered"] = a.Delivered, ["deliveredAt"] = a.DeliveredAt },
        [Room.ForRole(LiveDesk.Contracts.Identity.UserRole.Admin)]);
}
