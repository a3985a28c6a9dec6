namespace LiveDesk.Server.Realtime.EventLog;

/// <summary>A row of the event log. <see cref="Seq"/> is assigned by <see cref="LiveWriter"/> under the write lock,
/// never by the database, so seq order is commit order.</summary>
public sealed class EventRecord
{
    public long Seq { get; set; }
    public required string Type { get; set; }
    public required string Entity { get; set; }
    public long EntityId { get; set; }
    public long Version { get; set; }
    public long? ActorId { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>The changed fields as a JSON object (camelCase).</summary>
    public required string Changes { get; set; }

    public List<EventRoom> Rooms { get; set; } = [];
}

/// <summary>One audience of an event. Keyed (Room, Seq) so that replay for a set of rooms is an index range scan.</summary>
public sealed class EventRoom
{
    public required string Room { get; set; }
    public long Seq { get; set; }
}

/// <summary>The single row that describes the log: its epoch, its head and what retention removed.</summary>
public sealed class LogState
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    /// <summary>Changes whenever history is lost or reset, so stale cursors are detected.</summary>
    public required string Epoch { get; set; }

    /// <summary>The highest seq ever assigned.</summary>
    public long Head { get; set; }

    /// <summary>Every event with seq at or below this was removed by retention.</summary>
    public long PrunedThrough { get; set; }
}
