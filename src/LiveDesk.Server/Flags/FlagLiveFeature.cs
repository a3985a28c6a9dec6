using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Realtime.EventLog;
using LiveDesk.Server.Realtime.Features;

namespace LiveDesk.Server.Flags;

/// <summary>A flag's change is an event to every role's room, so every open client obeys it within a second, without a
/// reload, and a client that was away learns it on resume.</summary>
public sealed class FlagLiveFeature : ILiveFeature
{
    public void Describe(LiveFeatureBuilder feature) => feature.Events(EventTypes.FeatureFlagUpdated);

    public static PendingEvent Updated(FeatureFlag flag, long actorId) => new(
        EventTypes.FeatureFlagUpdated, EntityNames.FeatureFlag, flag.Id, flag.Version, actorId,
        new Dictionary<string, object?> { ["entity"] = flag.Entity, ["mode"] = flag.Mode, ["pollSeconds"] = flag.PollSeconds, ["updatedAt"] = flag.UpdatedAt },
        Enum.GetValues<UserRole>().Select(Room.ForRole).ToList());
}
