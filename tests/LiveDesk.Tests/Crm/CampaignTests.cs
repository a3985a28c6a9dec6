using System.Net;
using LiveDesk.Client;
using LiveDesk.Contracts.Campaigns;
using LiveDesk.Contracts.Contacts;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Crm;

/// <summary>Campaigns send through the one outbox to a real SMTP server (maildev): a recipient's status and its mail's
/// outbox row commit together, so pausing, a kill -9 and resuming send every recipient exactly once, and the last
/// progress event equals the recipient table.</summary>
public sealed class CampaignTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task AFiveHundredRecipientCampaignPausedKilledAndResumedSendsEachRecipientExactlyOnce()
    {
        await using var smtp = await MailDev.StartAsync();
        var environment = new Dictionary<string, string?>(smtp.ServerEnvironment) { ["LiveDesk__Email__SendsPerSecond"] = "100" };
        await using var server = await ServerProcess.StartNewAsync(environment);
        var manager = await server.LoginAsync(Demo.Manager);
        var support = await manager.TeamIdAsync(Demo.SupportTeam);
        var tag = $"news{Guid.NewGuid():N}"[..20];
        await Parallel.ForEachAsync(Enumerable.Range(0, 500), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await manager.CreateContactAsync(new CreateContactRequest($"Reader {i}", [$"reader{i}@example.org"], null, support, null, [tag], null)));
        await manager.CreateContactAsync(new CreateContactRequest("No address", null, null, support, null, [tag], null));
        var otherTag = $"other{Guid.NewGuid():N}"[..20];
        await manager.CreateContactAsync(new CreateContactRequest("Other list", ["other@example.org"], null, support, null, [otherTag], null));
        var campaign = await manager.CreateCampaignAsync(new CreateCampaignRequest("December news", "What is new",
            "Hello {{name}}, here is what is new.", new CampaignAudience([tag])));
        Assert.Equal(500, (await manager.PreviewCampaignAudienceAsync(campaign.Id)).Count);
        await using var watcher = await LiveClient.ConnectAsync(server, Demo.Manager, rooms: [Room.Campaign(campaign.Id).Name]);

        await manager.StartCampaignAsync(campaign.Id, campaign.Version);
        await Eventually.TrueAsync(async () => (await manager.GetCampaignAsync(campaign.Id)).Progress.Sent >= 100);
        var paused = await manager.PauseCampaignAsync(campaign.Id);

        // When pause answers, nothing of the campaign is in flight: what arrived is exactly what the table says.
        Assert.Equal(CampaignStatus.Paused, paused.Status);
        var sentWhenPaused = (await manager.GetCampaignAsync(campaign.Id)).Progress.Sent;
        Assert.InRange(sentWhenPaused, 100, 499);
        // (maildev may file a mail a moment after accepting it, so wait for the count to get there; then it must be exact.)
        await Eventually.TrueAsync(async () => (await smtp.MessagesAsync()).Count >= sentWhenPaused);
        Assert.Equal(sentWhenPaused, (await smtp.MessagesAsync()).Count);

        // A paused campaign's queued mail does not stand in front of another campaign's.
        var other = await manager.CreateCampaignAsync(new CreateCampaignRequest("Other news", "Other", "Hi {{name}}", new CampaignAudience([otherTag])));
        await manager.StartCampaignAsync(other.Id, other.Version);
        await Eventually.TrueAsync(async () => (await manager.GetCampaignAsync(other.Id)).Status == CampaignStatus.Completed);
        Assert.Equal(sentWhenPaused, (await manager.GetCampaignAsync(campaign.Id)).Progress.Sent);

        await server.KillAsync();
        await server.StartAsync();
        manager = await server.LoginAsync(Demo.Manager);
        Assert.Equal(CampaignStatus.Paused, (await manager.GetCampaignAsync(campaign.Id)).Status);
        await manager.ResumeCampaignAsync(campaign.Id);
        await Eventually.TrueAsync(async () => (await manager.GetCampaignAsync(campaign.Id)).Status == CampaignStatus.Completed,
            TimeSpan.FromSeconds(60));

        await Eventually.TrueAsync(async () => (await smtp.MessagesAsync()).Count >= 501);
        var mails = (await smtp.MessagesAsync()).Where(m => m.MessageId.StartsWith($"campaign-{campaign.Id}-", StringComparison.Ordinal)).ToList();
        Assert.Equal(500, mails.Count);
        Assert.Equal(500, mails.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"reader{i}@example.org").Order(), mails.Select(m => m.To).Order());
        Assert.Equal(501, (await smtp.MessagesAsync()).Count); // and the other campaign's one mail
        var recipients = await manager.GetCampaignRecipientsAsync(campaign.Id);
        Assert.Equal(500, recipients.Count);
        Assert.All(recipients, r => Assert.Equal(RecipientStatus.Sent, r.Status));
        var final = await watcher.WaitForAsync(e => e.Type == EventTypes.CampaignProgress && e.EntityId == campaign.Id
            && e.Changes.GetProperty("pending").GetInt32() == 0);
        Assert.Equal((500, 500, 0, 0), (final.Changes.GetProperty("total").GetInt32(), final.Changes.GetProperty("sent").GetInt32(),
            final.Changes.GetProperty("failed").GetInt32(), final.Changes.GetProperty("bounced").GetInt32()));
        Assert.Equal(final.Seq, watcher.Events.Where(e => e.Type == EventTypes.CampaignProgress && e.EntityId == campaign.Id).Max(e => e.Seq));
    }

    [Fact]
    public async Task AgentsGet403AnEmptyAudienceIs400AndWithoutEmailNothingStarts()
    {
        var ana = await fixture.Server.LoginAsync(Demo.Ana);
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            ana.CreateCampaignAsync(new CreateCampaignRequest("Mine", "Hi", "Body")))).StatusCode);
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var badTag = await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            manager.CreateCampaignAsync(new CreateCampaignRequest("Bad", "Hi", "Body", new CampaignAudience(["Not A Tag"]))));
        Assert.Contains("audience.tags", badTag.Errors!.Keys);
        var campaign = await manager.CreateCampaignAsync(new CreateCampaignRequest("Nobody", "Hi", "Body", new CampaignAudience(["no-such-tag"])));
        Assert.Equal(0, (await manager.PreviewCampaignAudienceAsync(campaign.Id)).Count);
        // This server has no SMTP host configured: starting is refused before anything else.
        var off = await Assert.ThrowsAsync<LiveDeskApiException>(() => manager.StartCampaignAsync(campaign.Id));
        Assert.Equal(HttpStatusCode.Conflict, off.StatusCode);
        Assert.Contains("Email is not configured", off.Title);
        Assert.Equal(CampaignStatus.Draft, (await manager.GetCampaignAsync(campaign.Id)).Status);
    }

    [Fact]
    public async Task AnAudienceThatMatchesNothingIs400AndTheCampaignStaysADraft()
    {
        await using var smtp = await MailDev.StartAsync();
        await using var server = await ServerProcess.StartNewAsync(smtp.ServerEnvironment);
        var manager = await server.LoginAsync(Demo.Manager);
        var campaign = await manager.CreateCampaignAsync(new CreateCampaignRequest("Nobody", "Hi", "Body", new CampaignAudience(["no-such-tag"])));
        var empty = await Assert.ThrowsAsync<LiveDeskApiException>(() => manager.StartCampaignAsync(campaign.Id));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("audience", empty.Errors!.Keys);
        Assert.Equal(CampaignStatus.Draft, (await manager.GetCampaignAsync(campaign.Id)).Status);
        Assert.Empty(await smtp.MessagesAsync());
    }
}
