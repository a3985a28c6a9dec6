using System.Text.Json;
using LiveDesk.Contracts.Tickets;

namespace LiveDesk.Server.Tickets;

/// <summary>Wire names of the ticket enums for query strings, taken from the same JSON converter as bodies.</summary>
public static class TicketEnumNames
{
    public static readonly IReadOnlyList<string> Statuses = Enum.GetValues<TicketStatus>().Select(Name).ToList();

    public static string Name<T>(T value) where T : struct, Enum => JsonSerializer.Serialize(value).Trim('"');

    public static bool TryParseStatus(string name, out TicketStatus status)
    {
        foreach (var candidate in Enum.GetValues<TicketStatus>())
        {
            if (Name(candidate) == name)
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }
}
