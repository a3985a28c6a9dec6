namespace LiveDesk.Server.Administration;

/// <summary>One admin action (a user created, a role changed, a member removed, a queue archived), written in the same
/// transaction as the change, so the log and the data never disagree.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public long ActorId { get; set; }

    /// <summary>The event type of the change, e.g. <c>user.updated</c>.</summary>
    public required string Action { get; set; }

    /// <summary>user, team or queue.</summary>
    public required string TargetType { get; set; }
    public long TargetId { get; set; }

    /// <summary>A sentence for people: "Ben Field: role agent → manager".</summary>
    public required string Summary { get; set; }

    /// <summary>The changed fields as a JSON object, each <c>[before, after]</c>.</summary>
    public string Changes { get; set; } = "{}";
}
