using LiveDesk.Server.Data;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Campaigns;

/// <summary>Keeps <c>campaign.progress</c> to at most one per half second per campaign, the last one included. A change
/// of the counts inside the interval marks the campaign (in the same write) and a timer sends the progress when the
/// interval is over, in its own write, so the last event always equals the recipient table. The mark is in the
/// database: after a restart, <see cref="StartAsync"/> sends what a crash left unsent.</summary>
public sealed partial class CampaignProgressCoalescer(IServiceScopeFactory scopes, TimeProvider time, ILogger<CampaignProgressCoalescer> logger)
    : IHostedService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly HashSet<long> _scheduled = [];
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Inside a write that changed <paramref name="campaign"/>'s counts or status: its progress now, or once the
    /// interval since the last one is over.</summary>
    public void Report(Campaign campaign, EventBatch batch)
    {
        if (campaign.ProgressAt is not { } last || batch.At - last >= Interval)
        {
            batch.Add(CampaignEvents.Progress(campaign, batch.At));
            return;
        }
        campaign.ProgressPending = true;
        // Scheduled before this write commits; the flush is a write too, so it runs after this one and sees the mark.
        Schedule(campaign.Id, last + Interval - batch.At);
    }

    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LiveDeskDb>();
        foreach (var id in await db.Campaigns.Where(c => c.ProgressPending).Select(c => c.Id).ToListAsync(ct))
        {
            Schedule(id, TimeSpan.Zero);
        }
    }

    public Task StopAsync(CancellationToken ct)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    private void Schedule(long campaignId, TimeSpan wait)
    {
        lock (_scheduled)
        {
            if (!_scheduled.Add(campaignId))
            {
                return;
            }
        }
        _ = FlushLaterAsync(campaignId, wait);
    }

    private async Task FlushLaterAsync(long campaignId, TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, _stopping.Token);
            lock (_scheduled)
            {
                _scheduled.Remove(campaignId);
            }
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LiveDeskDb>();
            await scope.ServiceProvider.GetRequiredService<LiveWriter>().WriteAsync(async batch =>
            {
                var campaign = await db.Campaigns.SingleOrDefaultAsync(c => c.Id == campaignId, _stopping.Token);
                if (campaign is { ProgressPending: true })
                {
                    // Report again: if a progress went out meanwhile, this waits for the rest of its interval.
                    Report(campaign, batch);
                }
                return 0;
            }, _stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: the mark stays in the database and StartAsync sends it next time.
        }
        catch (Exception e)
        {
            lock (_scheduled)
            {
                _scheduled.Remove(campaignId);
            }
            LogFlushFailed(e, campaignId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Campaign {CampaignId}: its coalesced progress could not be sent; it goes at the next change or restart.")]
    private partial void LogFlushFailed(Exception exception, long campaignId);
}
