using System.Text.Json;
using System.Text.Json.Nodes;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Contracts.Tickets;

namespace LiveDesk.Client;

/// <summary>Applies a ticket event's changes to a cached ticket: the changed fields overwrite the cached ones, and the
/// version becomes the event's. A field the SDK does not know (a newer server) is ignored; a value that does not fit
/// the field throws, which the list counts as a failed apply.</summary>
internal static class TicketPatch
{
    public static TicketDto Apply(TicketDto ticket, EventEnvelope envelope)
    {
        var node = JsonSerializer.SerializeToNode(ticket, LiveDeskJson.Options)!.AsObject();
        Merge(node, envelope);
        return Read(node);
    }

    /// <summary>A ticket from its <c>ticket.created</c> event, which carries every field.</summary>
    public static TicketDto Create(EventEnvelope envelope)
    {
        var node = new JsonObject { ["id"] = envelope.EntityId };
        Merge(node, envelope);
        return Read(node);
    }

    private static void Merge(JsonObject node, EventEnvelope envelope)
    {
        if (envelope.Changes.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"{envelope.Type} v{envelope.Version} carries no changes to apply.");
        }
        foreach (var change in envelope.Changes.EnumerateObject())
        {
            node[change.Name] = JsonNode.Parse(change.Value.GetRawText());
        }
        node["version"] = envelope.Version;
    }

    private static TicketDto Read(JsonObject node)
    {
        var ticket = node.Deserialize<TicketDto>(LiveDeskJson.Options) ?? throw new JsonException("The ticket read as null.");
        // Records take a missing member as null without complaint; a ticket without these is not one to show.
        return ticket.Title is null || ticket.Description is null
            ? throw new JsonException($"Ticket {ticket.Id} v{ticket.Version} lacks its title or description.")
            : ticket;
    }
}
