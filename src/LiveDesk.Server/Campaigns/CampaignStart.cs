using LiveDesk.Contracts.Campaigns;
using LiveDesk.Server.Data;

namespace LiveDesk.Server.Campaigns;

/// <summary>What starting a campaign does inside its write, whether a manager pressed start or its scheduled time came:
/// resolve the audience now, queue one recipient and one mail per member, and run.</summary>
public static class CampaignStart
{
    public const string EmptyAudience = "The audience matches no contact with an email address; nothing would be sent.";

    /// <summary>Null when the campaign now runs; otherwise why it cannot start (nothing was changed).</summary>
    public static async Task<string?> BeginAsync(LiveDeskDb db, Campaign campaign, DateTimeOffset at, CancellationToken ct)
    {
        var members = await CampaignAudienceQuery.ResolveAsync(db, campaign.Audience, ct);
        if (members.Count == 0)
        {
            return EmptyAudience;
        }
        await CampaignQueue.QueueAsync(db, campaign, members, at, ct);
        campaign.Total = members.Count;
        campaign.Status = CampaignStatus.Running;
        campaign.ScheduledAt = null;
        return null;
    }
}
