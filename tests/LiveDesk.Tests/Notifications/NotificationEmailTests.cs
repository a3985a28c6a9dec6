using LiveDesk.Client;
using LiveDesk.Contracts.Notifications;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Notifications;

/// <summary>Notification email through the one outbox to a real SMTP server (maildev): only what is still unread after
/// the delay, only outside quiet hours, each notification in exactly one mail, also across a kill -9.</summary>
public sealed class NotificationEmailTests
{
    private static Dictionary<string, string?> Environment(MailDev smtp) => new(smtp.ServerEnvironment)
    {
        ["LiveDesk__Email__UnreadDelay"] = "00:00:02",
        ["LiveDesk__Email__DigestWindow"] = "00:00:01",
        ["LiveDesk__Email__SendsPerSecond"] = "200",
    };

    private static Task EmailOnForAssignments(LiveDeskApiClient user, QuietHours? quiet = null) =>
        user.UpdateNotificationPreferencesAsync(new(new Dictionary<string, TypePreference>
        {
            [NotificationTypes.TicketAssigned] = new(true, true, true),
        }, quiet, null));

    [Fact]
    public async Task AnUnreadNotificationIsMailedOnceAReadOneNeverAndOneInQuietHoursWaitsUntilTheyEnd()
    {
        await using var smtp = await MailDev.StartAsync();
        await using var server = await ServerProcess.StartNewAsync(Environment(smtp));
        var manager = await server.LoginAsync(Demo.Manager);
        var ana = await server.LoginAsync(Demo.Ana);
        var ben = await server.LoginAsync(Demo.Ben);
        await EmailOnForAssignments(ana);
        // Ben is in quiet hours right now (an hour either side, every day, in UTC).
        var now = DateTimeOffset.UtcNow;
        await EmailOnForAssignments(ben, new QuietHours(now.AddHours(-1).ToString("HH:mm"), now.AddHours(1).ToString("HH:mm"), "Etc/UTC",
            QuietHoursClock.Weekdays.ToList()));
        var anaId = await manager.UserIdAsync(Demo.Ana);

        var unread = await manager.NewTicketAsync(Demo.SupportTeam, "Mailed: projector");
        await manager.AssignAsync(unread.Id, anaId);
        var readSoon = await manager.NewTicketAsync(Demo.SupportTeam, "Not mailed: stapler");
        await manager.AssignAsync(readSoon.Id, anaId);
        NotificationDto? toRead = null;
        await Eventually.TrueAsync(async () => (toRead = (await ana.ListNotificationsAsync()).Items.FirstOrDefault(n => n.EntityId == readSoon.Id)) is not null);
        await ana.MarkNotificationReadAsync(toRead!.Id);
        var quiet = await manager.NewTicketAsync(Demo.FieldOpsTeam, "Held: generator");
        await manager.AssignAsync(quiet.Id, await manager.UserIdAsync(Demo.Ben));

        await Eventually.TrueAsync(async () => (await smtp.MessagesAsync()).Any(m => m.Text.Contains(unread.Title)), TimeSpan.FromSeconds(30));
        // A later one for Ana, to know the mailer has long passed the other two's time.
        var later = await manager.NewTicketAsync(Demo.SupportTeam, "Mailed later: webcam");
        await manager.AssignAsync(later.Id, anaId);
        await Eventually.TrueAsync(async () => (await smtp.MessagesAsync()).Any(m => m.Text.Contains(later.Title)), TimeSpan.FromSeconds(30));

        var mails = await smtp.MessagesAsync();
        Assert.Single(mails, m => m.Text.Contains(unread.Title));
        Assert.Equal(Demo.Ana, mails.Single(m => m.Text.Contains(unread.Title)).To);
        Assert.DoesNotContain(mails, m => m.Text.Contains(readSoon.Title));
        Assert.DoesNotContain(mails, m => m.Text.Contains(quiet.Title));

        // Ben's quiet hours end (he turns them off): the held one goes out.
        await EmailOnForAssignments(ben, quiet: null);
        await Eventually.TrueAsync(async () => (await smtp.MessagesAsync()).Any(m => m.Text.Contains(quiet.Title)), TimeSpan.FromSeconds(30));
        Assert.Equal(Demo.Ben, (await smtp.MessagesAsync()).Single(m => m.Text.Contains(quiet.Title)).To);
    }

    [Fact]
    public async Task AcrossAKillEveryCommittedAssignmentHasOneNotificationAndEachIsMailedExactlyOnce()
    {
        await using var smtp = await MailDev.StartAsync();
        await using var server = await ServerProcess.StartNewAsync(Environment(smtp));
        var manager = await server.LoginAsync(Demo.Manager);
        await EmailOnForAssignments(await server.LoginAsync(Demo.Ana));
        var anaId = await manager.UserIdAsync(Demo.Ana);
        var run = Guid.NewGuid().ToString("N")[..6];
        var tickets = new List<LiveDesk.Contracts.Tickets.TicketDto>();
        for (var i = 0; i < 24; i++)
        {
            tickets.Add(await manager.NewTicketAsync(Demo.SupportTeam, $"Kill {run} ticket {i:00}"));
        }

        // Assignments race a kill -9: some commit, some never reach the database, none is half done.
        var assigning = Task.Run(async () =>
        {
            foreach (var ticket in tickets)
            {
                try
                {
                    await manager.AssignAsync(ticket.Id, anaId);
                }
                catch (Exception e) when (e is HttpRequestException or LiveDeskApiException or TaskCanceledException)
                {
                    // The server died under it.
                }
            }
        });
        await Eventually.TrueAsync(async () =>
            (await (await server.LoginAsync(Demo.Ana)).ListNotificationsAsync(limit: 100)).Items.Count(n => n.Title.Contains("assigned")) >= 8);
        await server.KillAsync();
        await assigning;
        await server.StartAsync();
        manager = await server.LoginAsync(Demo.Manager);
        var ana = await server.LoginAsync(Demo.Ana);
        foreach (var ticket in tickets)
        {
            if ((await manager.GetTicketAsync(ticket.Id)).AssigneeId != anaId)
            {
                await manager.AssignAsync(ticket.Id, anaId);
            }
        }

        var notifications = (await ana.ListNotificationsAsync(type: NotificationTypes.TicketAssigned, limit: 100)).Items;
        // Each ticket was assigned to her exactly once: exactly one notification each, never two.
        Assert.Equal(tickets.Select(t => t.Id).Order(), notifications.Select(n => n.EntityId!.Value).Order());
        Assert.Equal(notifications.Count, notifications.Select(n => n.SourceSeq).Distinct().Count());
        await Eventually.TrueAsync(async () =>
        {
            var received = await smtp.MessagesAsync();
            return tickets.All(t => received.Any(m => m.Text.Contains(t.Title)));
        }, TimeSpan.FromSeconds(60));
        var mails = (await smtp.MessagesAsync()).Where(m => m.Text.Contains(run)).ToList();
        foreach (var ticket in tickets)
        {
            // In exactly one digest (a repeat after the kill could only carry the same Message-ID).
            Assert.Single(mails.Where(m => m.Text.Contains(ticket.Title)).Select(m => m.MessageId).Distinct());
        }
    }
}
