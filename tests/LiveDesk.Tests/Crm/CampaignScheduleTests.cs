using System.Net;
using LiveDesk.Client;
using LiveDesk.Contracts.Campaigns;
using LiveDesk.Contracts.Contacts;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Crm;

/// <summary>A scheduled campaign starts by itself at its time, not before, and also when that time passed while the
/// server was down; a scheduled campaign must be unscheduled before it can be edited.</summary>
public sealed class CampaignScheduleTests
{
    [Fact]
    public async Task AScheduledCampaignStartsAtItsTimeAndAfterARestartThatMissedIt()
    {
        await using var smtp = await MailDev.StartAsync();
        await using var server = await ServerProcess.StartNewAsync(smtp.ServerEnvironment);
        var manager = await server.LoginAsync(Demo.Manager);
        var support = await manager.TeamIdAsync(Demo.SupportTeam);
        var tag = $"sched{Guid.NewGuid():N}"[..20];
        for (var i = 0; i < 3; i++)
        {
            await manager.CreateContactAsync(new CreateContactRequest($"Reader {i}", [$"sched{i}@example.org"], null, support, null, [tag], null));
        }
        var audience = new CampaignAudience([tag]);

        // Bad input: no time, a time in the past, more than a year ahead; an empty audience is said at once.
        var draft = await manager.CreateCampaignAsync(new CreateCampaignRequest("Soon", "Soon", "Hi {{name}}", audience));
        foreach (var bad in new DateTimeOffset?[] { null, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddYears(2) })
        {
            var refused = await Assert.ThrowsAsync<LiveDeskApiException>(() => manager.ScheduleCampaignAsync(draft.Id, bad));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("at", refused.Errors!.Keys);
        }
        var nobody = await manager.CreateCampaignAsync(new CreateCampaignRequest("Nobody", "Hi", "Body", new CampaignAudience(["no-such-tag"])));
        Assert.Contains("audience", (await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            manager.ScheduleCampaignAsync(nobody.Id, DateTimeOffset.UtcNow.AddHours(1)))).Errors!.Keys);

        // Scheduled two seconds ahead: it waits, then starts and sends by itself.
        await using var watcher = await LiveClient.ConnectAsync(server, Demo.Manager, rooms: [Room.Campaign(draft.Id).Name]);
        var at = DateTimeOffset.UtcNow.AddSeconds(2);
        var scheduled = await manager.ScheduleCampaignAsync(draft.Id, at, draft.Version);
        Assert.Equal(CampaignStatus.Scheduled, scheduled.Status);
        Assert.Equal(at.ToUnixTimeMilliseconds(), scheduled.ScheduledAt!.Value.ToUnixTimeMilliseconds());
        var edit = await Assert.ThrowsAsync<LiveDeskApiException>(() => manager.UpdateCampaignAsync(draft.Id, new UpdateCampaignRequest(Subject: "Later")));
        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        var started = await watcher.WaitForAsync(e => e.Type == EventTypes.CampaignStatusChanged && e.EntityId == draft.Id
            && e.Changes.GetProperty("status").GetString() == "running", TimeSpan.FromSeconds(30));
        Assert.True(started.At >= at.AddMilliseconds(-1), $"started at {started.At:O}, scheduled for {at:O}");
        Assert.Null(started.ActorId);
        await Eventually.TrueAsync(async () => (await manager.GetCampaignAsync(draft.Id)).Status == CampaignStatus.Completed);
        await Eventually.TrueAsync(async () => (await smtp.MessagesAsync()).Count >= 3);
        Assert.Equal(3, (await smtp.MessagesAsync()).Count);

        // Unscheduling puts it back to draft, editable again.
        var later = await manager.CreateCampaignAsync(new CreateCampaignRequest("Later", "Later", "Hi", audience));
        later = await manager.ScheduleCampaignAsync(later.Id, DateTimeOffset.UtcNow.AddDays(1));
        later = await manager.UnscheduleCampaignAsync(later.Id, later.Version);
        Assert.Equal((CampaignStatus.Draft, (DateTimeOffset?)null), (later.Status, later.ScheduledAt));
        Assert.Equal("Later still", (await manager.UpdateCampaignAsync(later.Id, new UpdateCampaignRequest(Subject: "Later still"))).Subject);

        // Its time passes while the server is down: it starts as soon as the server is back.
        var missed = await manager.CreateCampaignAsync(new CreateCampaignRequest("Missed", "Missed", "Hi", audience));
        var missedAt = DateTimeOffset.UtcNow.AddSeconds(2);
        await manager.ScheduleCampaignAsync(missed.Id, missedAt);
        await server.KillAsync();
        await Eventually.TrueAsync(() => Task.FromResult(DateTimeOffset.UtcNow > missedAt.AddMilliseconds(500)));
        await server.StartAsync();
        manager = await server.LoginAsync(Demo.Manager);
        await Eventually.TrueAsync(async () => (await manager.GetCampaignAsync(missed.Id)).Status == CampaignStatus.Completed);
        await Eventually.TrueAsync(async () => (await smtp.MessagesAsync()).Count >= 6);
        Assert.Equal(3, (await smtp.MessagesAsync()).Count(m => m.MessageId.StartsWith($"campaign-{missed.Id}-", StringComparison.Ordinal)));
    }
}
