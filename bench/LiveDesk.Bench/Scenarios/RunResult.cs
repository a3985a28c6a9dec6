using LiveDesk.Bench.Accounting;

namespace LiveDesk.Bench.Scenarios;

/// <summary>One mode of one scenario, as written to bench/results/&lt;scenario&gt;.json.</summary>
public sealed class RunResult
{
    public required string Scenario { get; init; }
    public required string Mode { get; init; }
    public string? Provider { get; set; }
    public int Connections { get; set; }
    public Dictionary<string, string> Parameters { get; set; } = [];
    public string StartedAt { get; set; } = DateTimeOffset.UtcNow.ToString("u");
    public string LoadAverageBefore { get; set; } = "";
    public string LoadAverageAfter { get; set; } = "";

    public long Events { get; set; }
    public long WriteFailures { get; set; }
    public long Deliveries { get; set; }
    public double MeasuredSeconds { get; set; }
    public double WritesPerSecond { get; set; }
    public double DeliveriesPerSecond { get; set; }
    public LatencySummary? LatencyFromCommitMs { get; set; }
    public LatencySummary? LatencyFromResponseMs { get; set; }
    public LatencySummary? WriteLatencyMs { get; set; }

    /// <summary>S6: GET /api/contacts, first page, a page deep in the list, a search by name and one by email.</summary>
    public LatencySummary? ListFirstPageMs { get; set; }
    public LatencySummary? ListDeepPageMs { get; set; }
    public LatencySummary? SearchByNameMs { get; set; }
    public LatencySummary? SearchByEmailMs { get; set; }

    /// <summary>S8: mails recorded as sent per second, campaign.progress events per second (and the most in any one
    /// second), and per mail the time until the watching client saw a progress event that counts it.</summary>
    public double SendsPerSecond { get; set; }
    public double ProgressEventsPerSecond { get; set; }
    public int MaxProgressEventsInOneSecond { get; set; }
    public LatencySummary? ProgressStalenessMs { get; set; }

    /// <summary>S8: one mail per recipient at the SMTP server and a last progress event equal to the recipient table.</summary>
    /// <summary>s9/flood: the flooding user's requests sent, refused, and connections the server closed for flooding.</summary>
    public long? FloodSent { get; set; }
    public long? FloodRefused { get; set; }
    public long? FloodDisconnects { get; set; }

    public bool? CampaignExact { get; set; }
    public string? CampaignCheck { get; set; }

    /// <summary>S5: <c>notification.created</c> only, from commit (the envelope's <c>at</c>) to its owner's connection.</summary>
    public LatencySummary? NotificationLatencyMs { get; set; }

    /// <summary>S5: the Notifications table against what the owners' connections received (each row exactly once by its
    /// owner, nothing else); <see cref="Loss"/> is the usual check against the log.</summary>
    public LossReport? NotificationLoss { get; set; }

    /// <summary>S5 count: <c>GET /api/notifications/unread-count</c> with this many notifications stored, for users
    /// picked at random, and for the one user who holds a tenth of them; every answer compared with the seeded rows.</summary>
    public long NotificationsStored { get; set; }
    public LatencySummary? UnreadCountMs { get; set; }
    public LatencySummary? UnreadCountHeavyMs { get; set; }
    public bool? UnreadCountExact { get; set; }
    public string? UnreadCountCheck { get; set; }

    /// <summary>S5 announce: one announcement's fan-out, timed from the POST and from the chunks' commits.</summary>
    public AnnouncementFigures? Announcement { get; set; }

    /// <summary>S2: per broadcast, the time until the last of the N connections had it.</summary>
    public LatencySummary? TimeToLastMs { get; set; }

    /// <summary>S3: seconds from "all resume" until every client has recovered every missed event.</summary>
    public double? RecoverySeconds { get; set; }
    public LatencySummary? ClientRecoveryMs { get; set; }

    public double ServerCpuSeconds { get; set; }
    public double GeneratorCpuSeconds { get; set; }
    public double ServerCpuMicrosPerDelivery { get; set; }
    public double DeliveriesPerServerCoreSecond { get; set; }
    public double ServerCpuMillisPerEvent { get; set; }

    public double ServerRssBaselineMiB { get; set; }
    public double ServerRssConnectedMiB { get; set; }
    public double IdleKiBPerConnection { get; set; }
    public double PeakKiBPerConnection { get; set; }

    public double WireBytesPerDelivery { get; set; }
    public long ApiCalls { get; set; }
    public double ApiCallsPerEvent { get; set; }
    public double BytesPerEvent { get; set; }

    public LossReport? Loss { get; set; }
    public List<string> Notes { get; set; } = [];

    /// <summary>Latency samples for the plot; not written to JSON.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public List<double> Samples { get; set; } = [];
}
