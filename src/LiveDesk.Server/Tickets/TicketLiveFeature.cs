using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.Features;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Tickets;

/// <summary>Tickets on the live path: queue rooms (the lists of a queue), ticket rooms and their staff side (internal
/// notes), the ticket events, and a recheck of a ticket's watchers whenever it may have moved out of their sight.</summary>
public sealed class TicketLiveFeature : ILiveFeature
{
    private static readonly string[] PlacementFields = ["teamId", "queueId", "assigneeId"];

    public void Describe(LiveFeatureBuilder feature) => feature
        .NumberedRoom(RoomKinds.Queue, CanJoinQueueAsync)
        .NumberedRoom(RoomKinds.Ticket, CanViewTicketAsync,
            expand: (viewer, room) => viewer.IsStaff ? [Room.TicketStaff(room.Id)] : [])
        .QualifiedRoom(RoomKinds.Ticket, RoomKinds.StaffQualifier,
            (viewer, room, db, ct) => viewer.IsStaff ? CanViewTicketAsync(viewer, room, db, ct) : Task.FromResult(false))
        .Events(EventTypes.TicketCreated, EventTypes.TicketUpdated, EventTypes.TicketAssigned,
            EventTypes.TicketStatusChanged, EventTypes.TicketPriorityChanged, EventTypes.TicketDeleted)
        .RecheckAfter(MayChangeAccess, envelope => [Room.Ticket(envelope.EntityId), Room.TicketStaff(envelope.EntityId)]);

    /// <summary>A deletion, or a change of team, queue or assignee.</summary>
    public static bool MayChangeAccess(EventEnvelope envelope) =>
        envelope.Entity == EntityNames.Ticket
        && (envelope.Type == EventTypes.TicketDeleted
            || (envelope.Changes.ValueKind == System.Text.Json.JsonValueKind.Object
                && PlacementFields.Any(field => envelope.Changes.TryGetProperty(field, out _))));

    private static async Task<bool> CanJoinQueueAsync(Viewer viewer, Room room, LiveDeskDb db, CancellationToken ct)
    {
        if (!viewer.IsStaff)
        {
            return false;
        }
        var teamId = await db.Queues.AsNoTracking().Where(q => q.Id == room.Id).Select(q => (long?)q.TeamId).SingleOrDefaultAsync(ct);
        return teamId is not null && (viewer.SeesEverything || viewer.TeamIds.Contains(teamId.Value));
    }

    private static async Task<bool> CanViewTicketAsync(Viewer viewer, Room room, LiveDeskDb db, CancellationToken ct)
    {
        var ticket = await db.Tickets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == room.Id, ct);
        return ticket is not null && viewer.CanView(ticket);
    }
}
