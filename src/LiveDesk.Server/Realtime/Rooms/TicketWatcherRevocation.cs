using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Realtime.Connections;
using LiveDesk.Server.Tickets;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Realtime.Rooms;

/// <summary>Joins are checked once, but a ticket can move out of sight afterwards (another team's queue, a new
/// assignee, deleted). After such an event is published, watchers who may no longer see the ticket leave its rooms,
/// before the dispatcher publishes anything later, so the next internal note cannot reach them.</summary>
public static class TicketWatcherRevocation
{
    private static readonly string[] PlacementFields = ["teamId", "queueId", "assigneeId"];

    public static bool MayChangeAccess(EventEnvelope envelope) =>
        envelope.Entity == EntityNames.Ticket
        && (envelope.Type == EventTypes.TicketDeleted
            || (envelope.Changes.ValueKind == System.Text.Json.JsonValueKind.Object
                && PlacementFields.Any(field => envelope.Changes.TryGetProperty(field, out _))));

    public static async Task RevokeAsync(long ticketId, ConnectionRegistry registry, IServiceScopeFactory scopes, CancellationToken ct)
    {
        var rooms = new[] { Room.Ticket(ticketId).Name, Room.TicketStaff(ticketId).Name };
        var watchers = rooms.SelectMany(registry.MembersOf).Distinct().ToList();
        if (watchers.Count == 0)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LiveDeskDb>();
        var ticket = await db.Tickets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == ticketId, ct);
        foreach (var watcher in watchers)
        {
            if (ticket is null || !watcher.Viewer.CanView(ticket))
            {
                foreach (var room in rooms)
                {
                    registry.Leave(watcher, room);
                }
            }
        }
    }
}
