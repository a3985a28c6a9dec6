using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Flags;
using LiveDesk.Server.Identity;

namespace LiveDesk.Server.Realtime.Reports;

/// <summary>Counts what clients' safety valves did (a breaker opened or closed, a cache repaired), as .NET metrics
/// (meter <c>LiveDesk.Clients</c>, for dotnet-counters or an OpenTelemetry exporter) and in the admins' realtime
/// status. A report carries no data of the client's, only the kind, the entity type and a count.</summary>
public sealed partial class ClientReports : IDisposable
{
    public const string MeterName = "LiveDesk.Clients";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _reports;
    private readonly Counter<long> _repairs;
    private readonly ConcurrentDictionary<(string Kind, string Entity), (long Reports, long Count)> _totals = new();
    private readonly ILogger<ClientReports> _logger;

    public ClientReports(ILogger<ClientReports> logger)
    {
        _logger = logger;
        _reports = _meter.CreateCounter<long>("livedesk.client.reports", description: "Client safety-valve reports by kind and entity type");
        _repairs = _meter.CreateCounter<long>("livedesk.client.cache_repairs", description: "Cache entries clients repaired after a periodic sync");
    }

    public IReadOnlyList<ClientReportCount> Totals =>
        _totals.Select(t => new ClientReportCount(t.Key.Kind, t.Key.Entity, t.Value.Reports, t.Value.Count))
            .OrderBy(t => t.Kind, StringComparer.Ordinal).ThenBy(t => t.Entity, StringComparer.Ordinal).ToList();

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/realtime/client-reports", ReportAsync).RequireAuthorization().WithTags("Events")
            .WithSummary("A client reports that its circuit breaker opened or closed, or that a periodic sync repaired its cache.");

    private static async Task<IResult> ReportAsync(HttpContext http, ClientReport report, ClientReports reports, FeatureFlagState flags)
    {
        if (await http.GetViewerAsync() is not { } viewer)
        {
            return TypedResults.Unauthorized();
        }
        var errors = new Dictionary<string, string[]>();
        if (report.Kind is null || !ClientReportKinds.All.Contains(report.Kind))
        {
            errors["kind"] = [$"kind must be {string.Join(", ", ClientReportKinds.All)}."];
        }
        if (report.Entity is null || !flags.EntityTypes.Contains(report.Entity))
        {
            errors["entity"] = ["entity must be an entity type (as in GET /api/admin/flags)."];
        }
        if (report.Count is < 0 or > 1_000_000)
        {
            errors["count"] = ["count must be between 0 and 1000000."];
        }
        if (report.Detail is { Length: > 200 })
        {
            errors["detail"] = ["detail is at most 200 characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        reports.Record(report.Kind!, report.Entity!, report.Count ?? 1, viewer.UserId, report.Detail);
        return TypedResults.Accepted((string?)null);
    }

    public void Record(string kind, string entity, int count, long userId, string? detail)
    {
        var tags = new System.Diagnostics.TagList { { "kind", kind }, { "entity", entity } };
        _reports.Add(1, tags);
        if (kind == ClientReportKinds.CacheRepaired)
        {
            _repairs.Add(count, tags);
        }
        _totals.AddOrUpdate((kind, entity), (1, count), (_, t) => (t.Reports + 1, t.Count + count));
        LogReport(userId, kind, entity, count, detail ?? "");
    }

    public void Dispose() => _meter.Dispose();

    [LoggerMessage(Level = LogLevel.Information, Message = "Client of user {UserId} reports {Kind} for {Entity} ({Count}): {Detail}")]
    private partial void LogReport(long userId, string kind, string entity, int count, string detail);
}
