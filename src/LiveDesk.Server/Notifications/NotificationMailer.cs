using System.Text;
using LiveDesk.Contracts.Notifications;
using LiveDesk.Server.Data;
using LiveDesk.Server.Email;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveDesk.Server.Notifications;

/// <summary>Emails notifications that are still unread after <c>Email:UnreadDelay</c>, for users who turned email on
/// for their type, outside their quiet hours and do-not-disturb, as at most one digest per user per
/// <c>Email:DigestWindow</c>. Each digest is one write: its row, its outbox message and the notifications it carries
/// (no longer due) commit together, so a notification is mailed once; the outbox sends it with a Message-ID that
/// never changes. Held ones (quiet hours, do-not-disturb, snoozed) stay due and go when that ends.</summary>
public sealed partial class NotificationMailer(
    IServiceScopeFactory scopes, OutboxSender sender, IOptions<LiveDeskOptions> options, TimeProvider time, ILogger<NotificationMailer> logger)
    : BackgroundService
{
    public const string SourceName = "notification";
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (!options.Value.Email.Enabled)
        {
            return;
        }
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (await RunOnceAsync(stop) > 0)
                {
                    sender.Wake();
                }
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                LogFailed(e);
            }
            try
            {
                await Task.Delay(Poll, time, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Queues the digests that are due now; returns how many.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LiveDeskDb>();
        var now = time.GetUtcNow();
        var users = await db.Notifications.AsNoTracking().Where(n => n.EmailAt != null && n.EmailAt <= now && n.ReadAt == null)
            .Select(n => n.UserId).Distinct().Take(200).ToListAsync(ct);
        var queued = 0;
        foreach (var userId in users)
        {
            db.ChangeTracker.Clear();
            queued += await DigestAsync(scope.ServiceProvider, userId, ct);
        }
        return queued;
    }

    private async Task<int> DigestAsync(IServiceProvider services, long userId, CancellationToken ct)
    {
        var db = services.GetRequiredService<LiveDeskDb>();
        var email = options.Value.Email;
        return await services.GetRequiredService<LiveWriter>().WriteAsync(async batch =>
        {
            var last = await db.NotificationDigests.Where(d => d.UserId == userId).MaxAsync(d => (DateTimeOffset?)d.CreatedAt, ct);
            if (last is { } previous && previous + email.DigestWindow > batch.At)
            {
                return 0; // one digest per window: these go in the next
            }
            var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Email, u.DisplayName, u.Role }).SingleAsync(ct);
            var preference = await db.NotificationPreferences.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId, ct);
            var channels = NotificationDefaults.Effective(user.Role, preference);
            var due = await db.Notifications.Where(n => n.UserId == userId && n.EmailAt != null && n.EmailAt <= batch.At && n.ReadAt == null)
                .OrderBy(n => n.Id).Take(100).ToListAsync(ct);
            var sending = new List<Notification>();
            foreach (var notification in due)
            {
                if (!channels[notification.Type].Email || notification.ExpiresAt <= batch.At)
                {
                    notification.EmailAt = null; // turned off meanwhile, or no longer worth telling
                }
                else if (notification.SnoozedUntil <= batch.At || notification.SnoozedUntil is null)
                {
                    if (QuietHoursClock.HeldUntil(preference?.Quiet, preference?.DoNotDisturbUntil, notification.Priority, batch.At) is null)
                    {
                        sending.Add(notification);
                    }
                }
            }
            if (sending.Count == 0)
            {
                return 0;
            }
            var digest = new NotificationDigest { UserId = userId, Count = sending.Count, CreatedAt = batch.At };
            db.NotificationDigests.Add(digest);
            await db.SaveChangesAsync(ct);
            db.OutboxMessages.Add(new OutboxMessage
            {
                MessageId = $"notifications-{digest.Id}@livedesk",
                To = user.Email,
                Subject = sending.Count == 1 ? sending[0].Title : $"{sending.Count} new notifications",
                Body = Body(user.DisplayName, sending, email.LinkBase),
                Source = SourceName,
                SourceId = digest.Id,
                Status = OutboxStatus.Pending,
                NextAttemptAt = batch.At,
                CreatedAt = batch.At,
            });
            foreach (var notification in sending)
            {
                notification.EmailAt = null;
            }
            return 1;
        }, ct);
    }

    private static string Body(string name, List<Notification> notifications, string? linkBase)
    {
        var text = new StringBuilder($"Hello {name},\n\n");
        text.Append(notifications.Count == 1 ? "you have a notification you have not read yet:\n\n" : $"you have {notifications.Count} notifications you have not read yet:\n\n");
        foreach (var n in notifications)
        {
            text.Append("- ").Append(n.Title).Append('\n');
            if (n.Body.Length > 0)
            {
                text.Append("  ").Append(n.Body.ReplaceLineEndings(" ")).Append('\n');
            }
        }
        if (linkBase is { Length: > 0 })
        {
            text.Append("\nOpen LiveDesk: ").Append(linkBase.TrimEnd('/')).Append("/#/notifications\n");
        }
        text.Append("\nYou get these because email is on for them in your notification preferences.\n");
        return text.ToString();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The notification mailer failed; it goes on at the next poll.")]
    private partial void LogFailed(Exception exception);
}

/// <summary>Notification digests in the one outbox: they always may go (what they carry was decided when they were
/// queued), and their outcome changes nothing else.</summary>
public sealed class NotificationOutboxSource : IOutboxSource
{
    public string Name => NotificationMailer.SourceName;

    public Task<bool> MaySendAsync(LiveDeskDb db, OutboxMessage message, CancellationToken ct) => Task.FromResult(true);

    public Task OnOutcomeAsync(LiveDeskDb db, EventBatch batch, OutboxMessage message, CancellationToken ct) => Task.CompletedTask;
}
