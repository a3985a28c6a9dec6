using LiveDesk.Contracts.Campaigns;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Email;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Campaigns;

/// <summary>Campaign mail in the outbox: a message goes only while its campaign runs, and its outcome sets the
/// recipient's status and the campaign's counters in the same write, with progress coalesced to two a second.</summary>
public sealed class CampaignOutboxSource(CampaignProgressCoalescer progress) : IOutboxSource
{
    public const string SourceName = "campaign";

    public string Name => SourceName;

    public Task<bool> MaySendAsync(LiveDeskDb db, OutboxMessage message, CancellationToken ct) =>
        db.CampaignRecipients.Where(r => r.Id == message.SourceId)
            .Join(db.Campaigns, r => r.CampaignId, c => c.Id, (_, c) => c.Status)
            .AnyAsync(status => status == CampaignStatus.Running, ct);

    public async Task OnOutcomeAsync(LiveDeskDb db, EventBatch batch, OutboxMessage message, CancellationToken ct)
    {
        var recipient = await db.CampaignRecipients.SingleAsync(r => r.Id == message.SourceId, ct);
        var campaign = await db.Campaigns.SingleAsync(c => c.Id == recipient.CampaignId, ct);
        if (recipient.Status != RecipientStatus.Pending)
        {
            return; // already counted (cannot happen with one sender; kept so counts can never drift)
        }
        recipient.Status = message.Status switch
        {
            OutboxStatus.Sent => RecipientStatus.Sent,
            OutboxStatus.Bounced => RecipientStatus.Bounced,
            _ => RecipientStatus.Failed,
        };
        recipient.UpdatedAt = batch.At;
        _ = recipient.Status switch
        {
            RecipientStatus.Sent => campaign.Sent++,
            RecipientStatus.Bounced => campaign.Bounced++,
            _ => campaign.Failed++,
        };
        var done = campaign.Progress.Pending == 0;
        if (done && campaign.Status == CampaignStatus.Running)
        {
            campaign.Status = CampaignStatus.Completed;
            campaign.Version++;
            campaign.UpdatedAt = batch.At;
            // The final counts ride along, so a screen shows "completed" with the right numbers even while the last
            // campaign.progress waits for its interval.
            batch.Add(CampaignEvents.Changed(EventTypes.CampaignStatusChanged, campaign, null,
                new Dictionary<string, object?> { ["status"] = campaign.Status, ["progress"] = campaign.Progress, ["updatedAt"] = batch.At }));
        }
        progress.Report(campaign, batch);
    }
}
