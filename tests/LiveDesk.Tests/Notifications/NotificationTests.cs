using System.Net;
using LiveDesk.Client;
using LiveDesk.Contracts.Notifications;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Notifications;

/// <summary>The notification centre on the server: created in the write that caused them, live on every connection
/// of their owner, and the same list and count everywhere.</summary>
public sealed class NotificationTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task AnAssignmentNotifiesTheAssigneeOnEveryConnectionAndReadingItOnOneClearsItOnAll(LiveTransport transport)
    {
        // A server of its own: the counts below are absolute.
        await using var server = await ServerProcess.StartNewAsync();
        var manager = await server.LoginAsync(Demo.Manager);
        var ana = await server.LoginAsync(Demo.Ana);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Scanner jams");
        await using var tabA = await LiveClient.ConnectAsync(server, Demo.Ana, transport: transport);
        await using var tabB = await LiveClient.ConnectAsync(server, Demo.Ana, transport: transport);
        await using var managerTab = await LiveClient.ConnectAsync(server, Demo.Manager, transport: transport);

        await manager.AssignAsync(ticket.Id, await manager.UserIdAsync(Demo.Ana));

        var onA = await tabA.WaitForAsync(e => e.Type == EventTypes.NotificationCreated);
        var onB = await tabB.WaitForAsync(e => e.Type == EventTypes.NotificationCreated);
        Assert.Equal(onA.Seq, onB.Seq);
        Assert.Equal(NotificationTypes.TicketAssigned, onA.Changes.GetProperty("type").GetString());
        Assert.Equal(ticket.Id, onA.Changes.GetProperty("entityId").GetInt64());
        var assigned = await tabA.WaitForAsync(e => e.Type == EventTypes.TicketAssigned && e.EntityId == ticket.Id);
        Assert.Equal(assigned.Seq, onA.Changes.GetProperty("sourceSeq").GetInt64());
        Assert.Equal(assigned.Seq + 1, onA.Seq); // appended in the same write, right after its cause
        var listed = Assert.Single((await ana.ListNotificationsAsync()).Items);
        Assert.Equal((onA.EntityId, "Morgan Manager assigned #" + ticket.Number + " to you"), (listed.Id, listed.Title));
        Assert.Equal(1, await ana.UnreadNotificationCountAsync());
        // The manager acted, so the manager gets nothing.
        Assert.Empty((await manager.ListNotificationsAsync()).Items);
        await managerTab.WaitForAsync(e => e.Type == EventTypes.TicketAssigned && e.EntityId == ticket.Id);
        Assert.DoesNotContain(managerTab.Events, e => e.Type == EventTypes.NotificationCreated);

        await ana.MarkNotificationReadAsync(listed.Id);

        var read = await tabB.WaitForAsync(e => e.Type == EventTypes.NotificationRead && e.EntityId == listed.Id);
        Assert.Equal(listed.Version + 1, read.Version);
        await tabA.WaitForAsync(e => e.Type == EventTypes.NotificationRead && e.EntityId == listed.Id);
        Assert.Equal(0, await ana.UnreadNotificationCountAsync());
        Assert.Equal(0, await (await server.LoginAsync(Demo.Ana)).UnreadNotificationCountAsync());
        Assert.NotNull(Assert.Single((await ana.ListNotificationsAsync()).Items).ReadAt);
    }

    [Fact]
    public async Task AnInternalNoteNeverNotifiesTheCustomerEvenWhenItMentionsHerButAPublicReplyDoes()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var carla = await fixture.Server.LoginAsync(Demo.Carla);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Refund for order 88", await manager.UserIdAsync(Demo.Carla));
        await using var carlaTab = await LiveClient.ConnectAsync(fixture.Server, Demo.Carla);

        await manager.AddCommentAsync(ticket.Id, $"Check with finance first, @{Demo.Carla} must not see this.", isInternal: true);
        var reply = await manager.AddCommentAsync(ticket.Id, "Your refund is on its way.");

        var notified = await carlaTab.WaitForAsync(e => e.Type == EventTypes.NotificationCreated && e.Changes.GetProperty("entityId").GetInt64() == ticket.Id);
        Assert.Equal(NotificationTypes.TicketReply, notified.Changes.GetProperty("type").GetString());
        Assert.Contains("Your refund is on its way.", notified.Changes.GetProperty("body").GetString());
        // Created in the same transaction as its comment: had the note made one, it would be here already.
        var mine = (await carla.ListNotificationsAsync()).Items.Where(n => n.EntityId == ticket.Id).ToList();
        Assert.Equal([NotificationTypes.TicketReply], mine.Select(n => n.Type));
        Assert.DoesNotContain(carlaTab.Events, e => e.Type == EventTypes.NotificationCreated
            && e.Changes.GetProperty("entityId").GetInt64() == ticket.Id && e.Seq != notified.Seq);
        Assert.NotEqual(0, reply.Id);
        // Her reply reaches the assignee.
        var ana = await fixture.Server.LoginAsync(Demo.Ana);
        await manager.AssignAsync(ticket.Id, await manager.UserIdAsync(Demo.Ana));
        await carla.AddCommentAsync(ticket.Id, "Thanks, when will it arrive?");
        await Eventually.TrueAsync(async () => (await ana.ListNotificationsAsync(type: NotificationTypes.TicketReply)).Items.Any(n => n.EntityId == ticket.Id));
    }

    [Fact]
    public async Task PreferencesDecideWhoIsNotifiedAndBadInputIsRefusedWithoutChangingAnything()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var ben = await fixture.Server.LoginAsync(Demo.Ben);
        var before = await ben.GetNotificationPreferencesAsync();
        Assert.True(before.Types[NotificationTypes.TicketAssigned].InApp);
        Assert.False(before.Types[NotificationTypes.QueueNewTicket].InApp);

        var refusals = new (UpdateNotificationPreferencesRequest Request, string Field)[]
        {
            (new(new Dictionary<string, TypePreference> { ["ticket.exploded"] = new(true, true, true) }, null, null), "types.ticket.exploded"),
            (new(new Dictionary<string, TypePreference> { [NotificationTypes.TicketAssigned] = new(true, true, true, "all") }, null, null), "types.ticket.assigned.scope"),
            (new(null, new QuietHours("22:00", "07:00", "Mars/Olympus_Mons", ["mon"]), null), "quietHours.timeZone"),
            (new(null, new QuietHours("22:00", "7 am", "Europe/Berlin", ["mon"]), null), "quietHours.end"),
            (new(null, new QuietHours("22:00", "07:00", "Europe/Berlin", ["someday"]), null), "quietHours.days"),
            (new(null, null, DateTimeOffset.UtcNow.AddHours(-1)), "doNotDisturbUntil"),
        };
        foreach (var (request, field) in refusals)
        {
            var refused = await Assert.ThrowsAsync<LiveDeskApiException>(() => ben.UpdateNotificationPreferencesAsync(request));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(field, refused.Errors!.Keys);
        }
        Assert.Equal(before.Version, (await ben.GetNotificationPreferencesAsync()).Version);

        // Ben turns assignments off in-app and new tickets in his team's queue on.
        var changed = await ben.UpdateNotificationPreferencesAsync(new(new Dictionary<string, TypePreference>
        {
            [NotificationTypes.TicketAssigned] = new(false, false, false),
            [NotificationTypes.QueueNewTicket] = new(true, false, false),
        }, new QuietHours("22:00", "07:00", "Europe/Berlin", ["mon", "tue"]), null), before.Version);
        Assert.Equal(before.Version + 1, changed.Version);
        Assert.Equal("teams", changed.Types[NotificationTypes.QueueNewTicket].Scope);
        Assert.Equal("Europe/Berlin", changed.QuietHours!.TimeZone);
        var ticket = await manager.NewTicketAsync(Demo.FieldOpsTeam, "Generator check");
        await manager.AssignAsync(ticket.Id, await manager.UserIdAsync(Demo.Ben));
        await Eventually.TrueAsync(async () => (await ben.ListNotificationsAsync()).Items.Any(n => n.EntityId == ticket.Id));
        Assert.Equal([NotificationTypes.QueueNewTicket], (await ben.ListNotificationsAsync()).Items.Where(n => n.EntityId == ticket.Id).Select(n => n.Type));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            ben.UpdateNotificationPreferencesAsync(new(null, null, null), before.Version))).StatusCode);
    }

    [Fact]
    public async Task ReadAllClearAndDeleteAreMirroredOnAnotherConnectionAndTheListAndCountAgree()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var ana = await fixture.Server.LoginAsync(Demo.Ana);
        var anaId = await manager.UserIdAsync(Demo.Ana);
        await using var otherTab = await LiveClient.ConnectAsync(fixture.Server, Demo.Ana);
        var tickets = new List<LiveDesk.Contracts.Tickets.TicketDto>();
        for (var i = 0; i < 3; i++)
        {
            tickets.Add(await manager.NewTicketAsync(Demo.SupportTeam, $"Pump {i}"));
            await manager.AssignAsync(tickets[i].Id, anaId);
        }
        await Eventually.TrueAsync(async () =>
        {
            var unread = (await ana.ListNotificationsAsync(unread: true)).Items;
            return tickets.All(t => unread.Any(n => n.EntityId == t.Id));
        });

        var marked = await ana.MarkAllNotificationsReadAsync();

        var readAll = await otherTab.WaitForAsync(e => e.Type == EventTypes.NotificationReadAll);
        Assert.Equal(marked, readAll.Changes.GetProperty("count").GetInt32());
        Assert.True(marked >= 3);
        Assert.Equal(0, await ana.UnreadNotificationCountAsync());
        Assert.Empty((await ana.ListNotificationsAsync(unread: true)).Items);

        var first = (await ana.ListNotificationsAsync()).Items.First(n => n.EntityId == tickets[0].Id);
        await ana.MarkNotificationUnreadAsync(first.Id);
        Assert.Equal(1, await ana.UnreadNotificationCountAsync());
        var cleared = await ana.ClearReadNotificationsAsync();
        Assert.True(cleared >= 2);
        var clear = await otherTab.WaitForAsync(e => e.Type == EventTypes.NotificationDeleted && e.Changes.TryGetProperty("cleared", out _));
        Assert.Equal(cleared, clear.Changes.GetProperty("count").GetInt32());
        Assert.Equal([first.Id], (await ana.ListNotificationsAsync()).Items.Select(n => n.Id));

        await ana.DeleteNotificationAsync(first.Id);
        await otherTab.WaitForAsync(e => e.Type == EventTypes.NotificationDeleted && e.EntityId == first.Id);
        Assert.Empty((await ana.ListNotificationsAsync()).Items);
        Assert.Equal(0, await ana.UnreadNotificationCountAsync());
    }

    [Fact]
    public async Task AnotherUsersNotificationIs404ASnoozeMustBeInTheFutureAndSnoozedOnesLeaveTheCountUntilTheyWake()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var ana = await fixture.Server.LoginAsync(Demo.Ana);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Badge reader");
        await manager.AssignAsync(ticket.Id, await manager.UserIdAsync(Demo.Ana));
        NotificationDto? mine = null;
        await Eventually.TrueAsync(async () => (mine = (await ana.ListNotificationsAsync()).Items.FirstOrDefault(n => n.EntityId == ticket.Id)) is not null);
        var ben = await fixture.Server.LoginAsync(Demo.Ben);
        foreach (var probe in new Func<Task>[]
                 {
                     () => ben.GetNotificationAsync(mine!.Id),
                     () => ben.MarkNotificationReadAsync(mine!.Id), () => ben.SnoozeNotificationAsync(mine!.Id, DateTimeOffset.UtcNow.AddHours(1)),
                     () => ben.DeleteNotificationAsync(mine!.Id), () => ben.MarkNotificationReadAsync(long.MaxValue / 2),
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<LiveDeskApiException>(probe)).StatusCode);
        }
        var past = await Assert.ThrowsAsync<LiveDeskApiException>(() => ana.SnoozeNotificationAsync(mine!.Id, DateTimeOffset.UtcNow.AddMinutes(-5)));
        Assert.Contains("until", past.Errors!.Keys);
        Assert.Contains("type", (await Assert.ThrowsAsync<LiveDeskApiException>(() => ana.ListNotificationsAsync(type: "nope"))).Errors!.Keys);
        var unchanged = await ana.GetNotificationAsync(mine!.Id);
        Assert.Equal((mine!.Version, (DateTimeOffset?)null, (DateTimeOffset?)null), (unchanged.Version, unchanged.ReadAt, unchanged.SnoozedUntil));

        var count = await ana.UnreadNotificationCountAsync();
        var snoozed = await ana.SnoozeNotificationAsync(mine.Id, DateTimeOffset.UtcNow.AddSeconds(2));
        Assert.Equal(count - 1, await ana.UnreadNotificationCountAsync());
        Assert.DoesNotContain((await ana.ListNotificationsAsync(unread: true)).Items, n => n.Id == mine.Id);
        // When its time is up it is back, in the list and in the count alike.
        await Eventually.TrueAsync(async () => (await ana.ListNotificationsAsync(unread: true)).Items.Any(n => n.Id == mine.Id));
        Assert.Equal(count, await ana.UnreadNotificationCountAsync());
        Assert.NotNull(snoozed.SnoozedUntil);
    }
}

/// <summary>Announcements: an admin's message reaches everyone in its audience as a notification, live, and nobody
/// else; it leaves the lists when it expires.</summary>
public sealed class AnnouncementTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task AnAnnouncementToAgentsReachesEachAgentLiveAndNobodyElseAndLeavesTheListsWhenItExpires()
    {
        var admin = await fixture.Server.LoginAsync(Demo.Admin);
        var ana = await fixture.Server.LoginAsync(Demo.Ana);
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        await using var benTab = await LiveClient.ConnectAsync(fixture.Server, Demo.Ben);
        var title = $"Maintenance tonight {Guid.NewGuid():N}"[..32];
        var expires = DateTimeOffset.UtcNow.AddSeconds(4);

        var posted = await admin.CreateAnnouncementAsync(new CreateAnnouncementRequest(title, "The desk is down 22:00-22:15.",
            NotificationPriority.High, "role:agent", expires));

        var onBen = await benTab.WaitForAsync(e => e.Type == EventTypes.NotificationCreated && e.Changes.GetProperty("title").GetString() == title);
        Assert.Equal(NotificationTypes.Announcement, onBen.Changes.GetProperty("type").GetString());
        Assert.Equal("high", onBen.Changes.GetProperty("priority").GetString());
        await Eventually.TrueAsync(async () => (await ana.ListNotificationsAsync(type: NotificationTypes.Announcement)).Items.Any(n => n.Title == title));
        await Eventually.TrueAsync(async () => (await admin.ListAnnouncementsAsync()).Single(a => a.Id == posted.Id).DeliveredAt is not null);
        // Two agents in the demo data; not the manager, not the customers, not the admin who wrote it.
        Assert.Equal(2, (await admin.ListAnnouncementsAsync()).Single(a => a.Id == posted.Id).Delivered);
        Assert.DoesNotContain((await manager.ListNotificationsAsync()).Items, n => n.Title == title);
        Assert.DoesNotContain((await admin.ListNotificationsAsync()).Items, n => n.Title == title);

        // Expired, it is gone from the list and from the count alike.
        var countBefore = await ana.UnreadNotificationCountAsync();
        await Eventually.TrueAsync(async () => !(await ana.ListNotificationsAsync()).Items.Any(n => n.Title == title), TimeSpan.FromSeconds(15));
        Assert.Equal(countBefore - 1, await ana.UnreadNotificationCountAsync());
    }

    [Fact]
    public async Task OnlyAdminsAnnounceAndABadAudienceOrPastExpiryIs400()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            manager.CreateAnnouncementAsync(new CreateAnnouncementRequest("Hi", "", NotificationPriority.Low, "all")))).StatusCode);
        var admin = await fixture.Server.LoginAsync(Demo.Admin);
        foreach (var (request, field) in new (CreateAnnouncementRequest, string)[]
                 {
                     (new("Hi", "", NotificationPriority.Low, "team:999999"), "audience"),
                     (new("Hi", "", NotificationPriority.Low, "role:wizard"), "audience"),
                     (new("Hi", "", NotificationPriority.Low, "everyone"), "audience"),
                     (new("", "", NotificationPriority.Low, "all"), "title"),
                     (new("Hi", "", null, "all"), "priority"),
                     (new("Hi", "", NotificationPriority.Low, "all", DateTimeOffset.UtcNow.AddMinutes(-1)), "expiresAt"),
                 })
        {
            var refused = await Assert.ThrowsAsync<LiveDeskApiException>(() => admin.CreateAnnouncementAsync(request));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(field, refused.Errors!.Keys);
        }
    }
}
