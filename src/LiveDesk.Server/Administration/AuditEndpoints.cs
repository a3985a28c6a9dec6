using System.Text.Json;
using LiveDesk.Contracts.Identity;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Administration;

/// <summary><c>GET /api/admin/audit</c>: who changed whose role, team or state, and when; newest first.</summary>
public static class AuditEndpoints
{
    public const int MaxPage = 200;

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/audit", ListAsync).RequireAuthorization().WithTags("Administration")
            .WithSummary("Admins: admin actions, newest first; filter by targetType (user, team, queue) and targetId; keyset paging by before.");
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext http, LiveDeskDb db, string? targetType, long? targetId, long? before, int? limit)
    {
        var admin = await http.RequireAdminAsync("The audit log is for admins.");
        if (admin.Refusal is { } refusal)
        {
            return refusal;
        }
        if (limit is < 1 or > MaxPage)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = [$"limit must be between 1 and {MaxPage}."] });
        }
        if (targetType is not (null or "user" or "team" or "queue" or "feature_flag"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["targetType"] = ["targetType must be user, team, queue or feature_flag."] });
        }
        var entries = db.AuditEntries.AsNoTracking();
        if (targetType is not null)
        {
            entries = entries.Where(e => e.TargetType == targetType);
        }
        if (targetId is not null)
        {
            entries = entries.Where(e => e.TargetId == targetId);
        }
        if (before is not null)
        {
            entries = entries.Where(e => e.Id < before);
        }
        var take = limit ?? 50;
        var rows = await entries.OrderByDescending(e => e.Id).Take(take + 1).ToListAsync(http.RequestAborted);
        var items = rows.Take(take).Select(e => new AuditEntryDto(e.Id, e.At, e.ActorId, e.Action, e.TargetType, e.TargetId, e.Summary,
            JsonDocument.Parse(e.Changes).RootElement.Clone())).ToList();
        return TypedResults.Ok(new AuditPage(items, rows.Count > take ? items[^1].Id : null));
    }
}
