using LiveDesk.Server.Data;
using LiveDesk.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveDesk.Server.Realtime.EventLog;

/// <summary>Removes events by age and by count. Whatever it removes is recorded in <see cref="LogState.PrunedThrough"/>
/// so a cursor that needed those events gets <c>reset</c>, never a silent gap.</summary>
public sealed partial class RetentionService(
    IServiceScopeFactory scopes,
    IOptions<LiveDeskOptions> options,
    TimeProvider time,
    ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.EventLog.RetentionSweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(ex);
            }
        }
    }

    public async Task SweepAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LiveDeskDb>();
        var writeLock = scope.ServiceProvider.GetRequiredService<WriteLock>();
        var settings = options.Value.EventLog;
        var cutoffTime = time.GetUtcNow() - settings.RetentionMaxAge;

        await using var transaction = await writeLock.BeginAsync(db, ct);
        var state = await db.LogState.SingleAsync(s => s.Id == LogState.SingletonId, ct);
        var byCount = state.Head - settings.RetentionMaxEvents;
        var byAge = await db.Events.Where(e => e.At < cutoffTime).MaxAsync(e => (long?)e.Seq, ct) ?? 0;
        var pruneThrough = Math.Max(byCount, byAge);
        if (pruneThrough <= state.PrunedThrough)
        {
            return;
        }
        await db.EventRooms.Where(r => r.Seq <= pruneThrough).ExecuteDeleteAsync(ct);
        var removed = await db.Events.Where(e => e.Seq <= pruneThrough).ExecuteDeleteAsync(ct);
        state.PrunedThrough = pruneThrough;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        LogPruned(removed, pruneThrough);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention removed {Count} event(s); the log now starts after seq {Seq}")]
    private partial void LogPruned(int count, long seq);

    [LoggerMessage(Level = LogLevel.Error, Message = "Retention sweep failed")]
    private partial void LogSweepFailed(Exception ex);
}
