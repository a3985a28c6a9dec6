using LiveDesk.Bench.Accounting;

namespace LiveDesk.Bench.Scenarios;

/// <summary>S5: one announcement to <see cref="Recipients"/> users, <see cref="Connected"/> of them online. Times in ms.
/// "Chunk commit" is the chunk's envelope <c>at</c> (= its notifications' CreatedAt), stamped when its write began, so
/// figures from it include the chunk's own write and are upper bounds.</summary>
public sealed record AnnouncementFigures
{
    public int Recipients { get; init; }
    public int Connected { get; init; }

    /// <summary>Notifications the announcement has in the table, and its Delivered count.</summary>
    public int Rows { get; init; }
    public int DeliveredCount { get; init; }

    /// <summary>Distinct chunk stamps among its rows, and the time from one chunk's stamp to the next.</summary>
    public int Chunks { get; init; }
    public LatencySummary? ChunkIntervalMs { get; init; }

    /// <summary>The POST's HTTP round trip.</summary>
    public double PostMs { get; init; }

    /// <summary>POST sent → <c>announcement.delivered</c> received by an admin's connection: every chunk committed.</summary>
    public double PostToDeliveredEventMs { get; init; }

    /// <summary>From the database: DeliveredAt − CreatedAt (the last write's stamp minus the POST write's).</summary>
    public double CreatedToDeliveredAtMs { get; init; }

    /// <summary>The last chunk's stamp → the last connected recipient had its notification.</summary>
    public double LastChunkToLastConnectedMs { get; init; }

    /// <summary>POST sent → the last connected recipient had its notification.</summary>
    public double PostToLastConnectedMs { get; init; }
}
