using System.Text.Json;
using LiveDesk.Server.Data;
using LiveDesk.Server.Realtime.EventLog;

namespace LiveDesk.Server.Administration;

/// <summary>Writes the audit entry of an admin action inside the action's own write.</summary>
public static class AuditLog
{
    public static void Record(LiveDeskDb db, EventBatch batch, long actorId, string action, string targetType, long targetId,
        string summary, IReadOnlyDictionary<string, object?[]>? changes = null)
    {
        db.AuditEntries.Add(new AuditEntry
        {
            At = batch.At,
            ActorId = actorId,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Summary = summary.Length <= 1000 ? summary : summary[..999] + "…",
            Changes = JsonSerializer.Serialize(changes ?? new Dictionary<string, object?[]>(), EventJson.Options),
        });
    }
}
