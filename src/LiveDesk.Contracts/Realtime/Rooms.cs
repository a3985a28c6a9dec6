using System.Globalization;
using LiveDesk.Contracts.Identity;

namespace LiveDesk.Contracts.Realtime;

/// <summary>A parsed room name: <c>kind:id</c> (<c>ticket:11</c>), <c>kind:id:qualifier</c> (<c>ticket:11:staff</c>) or
/// <c>kind:name</c> (<c>role:manager</c>). This is only the syntax, the same for every room: which kinds exist, and who
/// may join them, is declared by the server's features (docs/adding-an-entity.md), so a new entity's rooms need no
/// change here.</summary>
public readonly record struct Room
{
    public const int MaxNameLength = 64;

    public Room(string kind, long id, string? qualifier = null)
    {
        Kind = kind;
        Id = id;
        Qualifier = qualifier;
    }

    /// <summary>The part before the first colon: <c>ticket</c>, <c>role</c>, <c>contact</c>...</summary>
    public string Kind { get; }

    /// <summary>The entity id of a numbered room; 0 for a named room such as <c>role:manager</c>.</summary>
    public long Id { get; }

    /// <summary>The name of a named room (<c>manager</c> in <c>role:manager</c>), or the third part of a numbered
    /// one (<c>staff</c> in <c>ticket:11:staff</c>); null otherwise.</summary>
    public string? Qualifier { get; }

    public bool IsNamed => Id == 0;

    /// <summary>The role of a <c>role:*</c> room; null for any other room or an unknown role name.</summary>
    public UserRole? Role => Kind == RoomKinds.Role && UserRoles.TryParse(Qualifier ?? "", out var role) ? role : null;

    public static Room User(long userId) => new(RoomKinds.User, userId);
    public static Room ForRole(UserRole role) => new(RoomKinds.Role, 0, role.ToWire());
    public static Room Team(long teamId) => new(RoomKinds.Team, teamId);
    public static Room Queue(long queueId) => new(RoomKinds.Queue, queueId);
    public static Room Ticket(long ticketId) => new(RoomKinds.Ticket, ticketId);
    public static Room Contact(long contactId) => new(RoomKinds.Contact, contactId);
    public static Room Organization(long organizationId) => new(RoomKinds.Organization, organizationId);
    public static Room Lead(long leadId) => new(RoomKinds.Lead, leadId);
    public static Room Conversation(long conversationId) => new(RoomKinds.Conversation, conversationId);
    public static Room Campaign(long campaignId) => new(RoomKinds.Campaign, campaignId);

    /// <summary>The staff-only side of a ticket: internal notes go here, never to <c>ticket:{id}</c>,
    /// because a customer may sit in the public ticket room.</summary>
    public static Room TicketStaff(long ticketId) => new(RoomKinds.Ticket, ticketId, RoomKinds.StaffQualifier);

    public string Name => IsNamed
        ? $"{Kind}:{Qualifier}"
        : Qualifier is null ? $"{Kind}:{Id.ToString(CultureInfo.InvariantCulture)}" : $"{Kind}:{Id.ToString(CultureInfo.InvariantCulture)}:{Qualifier}";

    /// <summary>The shape of the name, with the id left out: <c>ticket:{id}:staff</c>, <c>role:{name}</c>. A feature
    /// declares its room kinds by shape.</summary>
    public string Shape => IsNamed ? $"{Kind}:{{name}}" : Qualifier is null ? $"{Kind}:{{id}}" : $"{Kind}:{{id}}:{Qualifier}";

    public override string ToString() => Name;

    private static bool IsWordChar(char c) => c is (>= 'a' and <= 'z') or '_';

    private static bool IsWord(string part) => part.Length > 0 && part.All(IsWordChar);

    /// <summary>Parses the syntax only. Whether the kind exists is for the server to say.</summary>
    public static bool TryParse(string? name, out Room room)
    {
        room = default;
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return false;
        }
        var parts = name.Split(':');
        if (parts.Length is < 2 or > 3 || !IsWord(parts[0]))
        {
            return false;
        }
        // Digits only: number parsing alone would accept signs, spaces or a trailing NUL.
        if (parts[1].Length > 0 && parts[1].All(char.IsAsciiDigit))
        {
            if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0
                || (parts.Length == 3 && !IsWord(parts[2])))
            {
                return false;
            }
            room = new Room(parts[0], id, parts.Length == 3 ? parts[2] : null);
            return true;
        }
        if (parts.Length == 2 && IsWord(parts[1]))
        {
            room = new Room(parts[0], 0, parts[1]);
            return true;
        }
        return false;
    }
}

/// <summary>The room kinds of the core and of tickets. A feature may use any other lowercase word.</summary>
public static class RoomKinds
{
    public const string User = "user";
    public const string Role = "role";
    public const string Team = "team";
    public const string Queue = "queue";
    public const string Ticket = "ticket";
    public const string StaffQualifier = "staff";
    public const string Contact = "contact";
    public const string Organization = "organization";
    public const string Lead = "lead";
    public const string Conversation = "conversation";
    public const string Campaign = "campaign";
}
