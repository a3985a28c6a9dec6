using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.EventLog;
using LiveDesk.Server.Realtime.Features;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Campaigns;

/// <summary>Campaigns on the live path: the <c>campaign:{id}</c> room for managers and admins, and the campaign events
/// (progress among them, at most two a second per campaign).</summary>
public sealed class CampaignLiveFeature : ILiveFeature
{
    public void Describe(LiveFeatureBuilder feature) => feature
        .NumberedRoom(RoomKinds.Campaign, CanJoinAsync)
        .Events(EventTypes.CampaignCreated, EventTypes.CampaignUpdated, EventTypes.CampaignStatusChanged, EventTypes.CampaignProgress);

    private static async Task<bool> CanJoinAsync(Viewer viewer, Room room, LiveDeskDb db, CancellationToken ct) =>
        viewer.SeesEverything && await db.Campaigns.AnyAsync(c => c.Id == room.Id, ct);
}

/// <summary>Campaign events go to the campaign's room and the managers' and admins' rooms, who see every campaign.</summary>
public static class CampaignEvents
{
    public static IReadOnlyCollection<Room> RoomsFor(Campaign campaign) =>
        [Room.Campaign(campaign.Id), Room.ForRole(UserRole.Manager), Room.ForRole(UserRole.Admin)];

    public static PendingEvent Created(Campaign campaign, long actorId) => new(
        EventTypes.CampaignCreated, EntityNames.Campaign, campaign.Id, campaign.Version, actorId,
        new Dictionary<string, object?>
        {
            ["name"] = campaign.Name,
            ["channel"] = campaign.Channel,
            ["subject"] = campaign.Subject,
            ["bodyTemplate"] = campaign.BodyTemplate,
            ["audience"] = campaign.Audience,
            ["status"] = campaign.Status,
            ["progress"] = campaign.Progress,
            ["createdAt"] = campaign.CreatedAt,
            ["updatedAt"] = campaign.UpdatedAt,
        },
        RoomsFor(campaign));

    public static PendingEvent Changed(string type, Campaign campaign, long? actorId, Dictionary<string, object?> changes) =>
        new(type, EntityNames.Campaign, campaign.Id, campaign.Version, actorId, changes, RoomsFor(campaign));

    /// <summary>The counts as the recipient table has them; sent through <see cref="CampaignProgressCoalescer"/>. Not a new version of the campaign (a pause with the version
    /// read a moment ago must not get a 412 because mail went out meanwhile), so clients apply it on equal versions.</summary>
    public static PendingEvent Progress(Campaign campaign, DateTimeOffset at)
    {
        campaign.ProgressAt = at;
        campaign.ProgressPending = false;
        var progress = campaign.Progress;
        return new PendingEvent(EventTypes.CampaignProgress, EntityNames.Campaign, campaign.Id, campaign.Version, null,
            new Dictionary<string, object?>
            {
                ["total"] = progress.Total,
                ["pending"] = progress.Pending,
                ["sent"] = progress.Sent,
                ["failed"] = progress.Failed,
                ["bounced"] = progress.Bounced,
            },
            RoomsFor(campaign));
    }
}
