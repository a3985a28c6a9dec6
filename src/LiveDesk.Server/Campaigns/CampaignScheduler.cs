using LiveDesk.Contracts.Campaigns;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Email;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveDesk.Server.Campaigns;

/// <summary>Starts scheduled campaigns when their time comes. It sleeps until the earliest one is due (at most a minute,
/// and is woken when a schedule changes), then starts it in one write, exactly as the start endpoint does. A campaign
/// whose audience has emptied meanwhile goes back to draft, and its event says why. Missed times (the server was down)
/// start at once when it is back. One node runs it, like the outbox's sender.</summary>
public sealed partial class CampaignScheduler(
    IServiceScopeFactory scopes, OutboxSender sender, CampaignProgressCoalescer progress, IOptions<LiveDeskOptions> options,
    TimeProvider time, ILogger<CampaignScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan LongestSleep = TimeSpan.FromMinutes(1);
    private readonly WakeSignal _wake = new();

    /// <summary>A campaign was scheduled or unscheduled: look again now.</summary>
    public void Wake() => _wake.Wake();

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        if (!options.Value.Email.Enabled)
        {
            return; // nothing can be scheduled without email (the endpoint refuses), and nothing could send
        }
        while (!stop.IsCancellationRequested)
        {
            var sleep = LongestSleep;
            try
            {
                sleep = await StartDueAsync(stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                LogFailed(e);
            }
            try
            {
                await _wake.WaitAsync(sleep, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Starts every campaign that is due, and returns how long until the next one.</summary>
    private async Task<TimeSpan> StartDueAsync(CancellationToken stop)
    {
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LiveDeskDb>();
            var next = await db.Campaigns.AsNoTracking().Where(c => c.Status == CampaignStatus.Scheduled && c.ScheduledAt != null)
                .OrderBy(c => c.ScheduledAt).Select(c => new { c.Id, c.ScheduledAt }).FirstOrDefaultAsync(stop);
            if (next is null)
            {
                return LongestSleep;
            }
            var wait = next.ScheduledAt!.Value - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                return wait < LongestSleep ? wait : LongestSleep;
            }
            await StartAsync(scope.ServiceProvider, next.Id, stop);
        }
    }

    private async Task StartAsync(IServiceProvider services, long id, CancellationToken stop)
    {
        var db = services.GetRequiredService<LiveDeskDb>();
        await services.GetRequiredService<LiveWriter>().WriteAsync(async batch =>
        {
            var campaign = await db.Campaigns.SingleAsync(c => c.Id == id, stop);
            if (campaign.Status != CampaignStatus.Scheduled || campaign.ScheduledAt > batch.At)
            {
                return 0; // unscheduled, started or moved meanwhile
            }
            var fields = new Dictionary<string, object?>();
            if (await CampaignStart.BeginAsync(db, campaign, batch.At, stop) is { } problem)
            {
                campaign.Status = CampaignStatus.Draft;
                campaign.ScheduledAt = null;
                fields["problem"] = problem;
                LogBackToDraft(id, problem);
            }
            else
            {
                progress.Report(campaign, batch);
            }
            fields["status"] = campaign.Status;
            fields["scheduledAt"] = null;
            campaign.Version++;
            campaign.UpdatedAt = batch.At;
            fields["updatedAt"] = batch.At;
            batch.Add(CampaignEvents.Changed(EventTypes.CampaignStatusChanged, campaign, null, fields));
            return 0;
        }, stop);
        sender.Wake();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The campaign scheduler failed; it tries again within a minute.")]
    private partial void LogFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled campaign {CampaignId} went back to draft: {Problem}")]
    private partial void LogBackToDraft(long campaignId, string problem);
}
