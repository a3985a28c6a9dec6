using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Realtime.Connections;
using LiveDesk.Server.Realtime.Features;

namespace LiveDesk.Server.Realtime.Rooms;

/// <summary>Joins are checked once, but an entity can move out of sight afterwards (another team's queue, a new
/// assignee, deleted). After an event that a feature says may do that is published, the watchers of the rooms it
/// names are checked again with the rooms' join rules, and whoever may no longer be there leaves, before the dispatcher
/// publishes anything later, so the next internal note cannot reach them.</summary>
public sealed class AccessRechecks(LiveFeatures features, ConnectionRegistry registry, IServiceScopeFactory scopes)
{
    public bool Applies(EventEnvelope envelope) => features.Rechecks.Any(recheck => recheck.MayChangeAccess(envelope));

    public async Task RunAsync(EventEnvelope envelope, CancellationToken ct)
    {
        var applying = features.Rechecks.Where(recheck => recheck.MayChangeAccess(envelope)).ToList();
        var rooms = applying.SelectMany(recheck => recheck.Rooms(envelope)).Distinct().ToList();
        var watched = rooms.Select(room => (Room: room, Members: registry.MembersOf(room.Name))).Where(r => r.Members.Count > 0).ToList();
        var people = applying.Where(recheck => recheck.People is not null).SelectMany(recheck => recheck.People!(envelope)).Distinct()
            .SelectMany(userId => registry.MembersOf(Room.User(userId).Name)).ToList();
        if (watched.Count == 0 && people.Count == 0)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var access = scope.ServiceProvider.GetRequiredService<ConnectionAccess>();
        foreach (var connection in people)
        {
            await access.ReevaluateAsync(connection, ct);
        }
        var policy = scope.ServiceProvider.GetRequiredService<RoomAccessPolicy>();
        foreach (var (room, members) in watched)
        {
            foreach (var watcher in members)
            {
                if (!await policy.CanJoinAsync(watcher.Viewer, room, ct))
                {
                    registry.Leave(watcher, room.Name);
                }
            }
        }
    }
}
