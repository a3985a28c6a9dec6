using System.Text.Json;
using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Server.Realtime.EventLog;

public static class EventJson
{
    /// <summary>The same conventions as the HTTP API and the hub: camelCase, enums by their wire names.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // Event payloads go to API clients, never raw into HTML; keep '+', '<' and non-ASCII readable.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string SerializeChanges(IReadOnlyDictionary<string, object?> changes) =>
        JsonSerializer.Serialize(changes, Options);

    public static EventEnvelope ToEnvelope(this EventRecord record, string epoch)
    {
        using var changes = JsonDocument.Parse(record.Changes);
        return new EventEnvelope(record.Seq, epoch, record.Type, record.Entity, record.EntityId, record.Version,
            record.ActorId, record.At, changes.RootElement.Clone());
    }
}
