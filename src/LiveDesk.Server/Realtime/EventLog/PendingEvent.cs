using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Server.Realtime.EventLog;

/// <summary>An event a write wants to append; it gets its seq when the write commits.</summary>
/// <param name="Changes">The changed fields with their new values; serialized as a camelCase JSON object.</param>
/// <param name="Rooms">The audience, from the entity's routing rule.</param>
public sealed record PendingEvent(
    string Type,
    string Entity,
    long EntityId,
    long Version,
    long? ActorId,
    IReadOnlyDictionary<string, object?> Changes,
    IReadOnlyCollection<Room> Rooms);

/// <summary>A committed event with its audience, as the dispatcher needs it.</summary>
public sealed record CommittedEvent(EventEnvelope Envelope, string[] Rooms);
