using System.Globalization;
using LiveDesk.Contracts.Identity;

namespace LiveDesk.Contracts.Realtime;

public enum RoomKind { User, Role, Team, Queue, Ticket, TicketStaff }

/// <summary>A parsed room name. Room names are built and parsed only here.</summary>
public readonly record struct Room(RoomKind Kind, long Id, UserRole Role = default)
{
    public const int MaxNameLength = 64;

    public static Room User(long userId) => new(RoomKind.User, userId);
    public static Room ForRole(UserRole role) => new(RoomKind.Role, 0, role);
    public static Room Team(long teamId) => new(RoomKind.Team, teamId);
    public static Room Queue(long queueId) => new(RoomKind.Queue, queueId);
    public static Room Ticket(long ticketId) => new(RoomKind.Ticket, ticketId);

    /// <summary>The staff-only side of a ticket: internal notes go here, never to <c>ticket:{id}</c>,
    /// because a customer may sit in the public ticket room.</summary>
    public static Room TicketStaff(long ticketId) => new(RoomKind.TicketStaff, ticketId);

    public string Name => Kind switch
    {
        RoomKind.User => $"user:{Id}",
        RoomKind.Role => $"role:{Role.ToWire()}",
        RoomKind.Team => $"team:{Id}",
        RoomKind.Queue => $"queue:{Id}",
        RoomKind.Ticket => $"ticket:{Id}",
        RoomKind.TicketStaff => $"ticket:{Id}:staff",
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };

    public override string ToString() => Name;

    // Strict alphabet: number parsing alone would accept oddities such as a trailing NUL.
    private static bool IsNameChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or ':' or '_';

    public static bool TryParse(string? name, out Room room)
    {
        room = default;
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || !name.All(IsNameChar))
        {
            return false;
        }
        var parts = name.Split(':');
        if (parts.Length is < 2 or > 3)
        {
            return false;
        }
        if (parts[0] == "role" && parts.Length == 2)
        {
            if (!UserRoles.TryParse(parts[1], out var role))
            {
                return false;
            }
            room = ForRole(role);
            return true;
        }
        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            return false;
        }
        RoomKind? kind = (parts[0], parts.Length) switch
        {
            ("user", 2) => RoomKind.User,
            ("team", 2) => RoomKind.Team,
            ("queue", 2) => RoomKind.Queue,
            ("ticket", 2) => RoomKind.Ticket,
            ("ticket", 3) when parts[2] == "staff" => RoomKind.TicketStaff,
            _ => null,
        };
        if (kind is null)
        {
            return false;
        }
        room = new Room(kind.Value, id);
        return true;
    }
}
