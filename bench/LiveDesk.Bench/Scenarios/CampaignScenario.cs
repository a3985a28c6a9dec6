using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LiveDesk.Bench.Accounting;
using LiveDesk.Bench.Infrastructure;
using LiveDesk.Client;
using LiveDesk.Contracts.Campaigns;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Campaigns;
using LiveDesk.Server.Email;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Bench.Scenarios;

/// <summary>S8, a campaign: N contacts (10,000 by default) in its audience, sent through the outbox to a real SMTP server
/// (maildev) at up to R mails a second (the server's <c>LiveDesk:Email:SendsPerSecond</c>; 1,000 by default, i.e. as fast
/// as it goes), while a manager's live connection watches <c>campaign:{id}</c>. Measures the send rate, how many
/// <c>campaign.progress</c> events arrive and how often, their delay from commit to the client, and for every mail the
/// time from its send being recorded to the first progress event on screen that counts it. Checks that the SMTP server got
/// exactly one mail per recipient and that the last progress event equals the recipient table.</summary>
public static class CampaignScenario
{
    private const string Tag = "s8";

    public static async Task<RunResult> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var n = options.N ?? 10_000;
        var rate = options.Rate ?? 1_000;
        var result = new RunResult { Scenario = "s8", Mode = "livedesk", Provider = options.Provider };
        result.Parameters["recipients"] = n.ToString();
        result.Parameters["configuredSendsPerSecond"] = rate.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"S8 livedesk ({options.Provider}): a campaign to {n} contacts, at most {rate} mails/s, to maildev");

        await using var mail = await MailSink.StartAsync(ct);
        var environment = new Dictionary<string, string>(options.ServerEnvironment);
        foreach (var (name, value) in mail.ServerEnvironment(rate))
        {
            environment[name] = value;
        }
        await using var target = await ScenarioRunner.OpenTargetAsync(options with { ServerEnvironment = environment }, ct);
        var population = await target.SeedAsync(1, 1, 0, ct);
        await ContactSeeder.SeedAsync(target, n, population.Teams[0].TeamId, population.Admin.Id, [Tag], ct);

        using var http = new HttpClient { BaseAddress = target.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", population.Admin.Token);
        var created = await http.PostAsJsonAsync("api/campaigns", new
        {
            name = "S8", subject = "Hello from the bench", bodyTemplate = "Dear {{name}}, this is mail for {{email}}.",
            audience = new { tags = new[] { Tag } },
        }, ct);
        created.EnsureSuccessStatusCode();
        var campaignId = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt64();

        var progress = new ConcurrentQueue<ProgressSeen>();
        await using var watcher = new LiveConnection(target.BaseAddress, () => Task.FromResult<string?>(population.Admin.Token),
            new LiveConnectionOptions { Transport = options.Transport, InitialRooms = [Room.Campaign(campaignId).Name] });
        watcher.EventReceived += e =>
        {
            if (e.Type == EventTypes.CampaignProgress)
            {
                progress.Enqueue(new ProgressSeen(DateTimeOffset.UtcNow, e.At,
                    e.Changes.GetProperty("sent").GetInt32() + e.Changes.GetProperty("failed").GetInt32() + e.Changes.GetProperty("bounced").GetInt32(),
                    e.Changes.GetProperty("pending").GetInt32()));
            }
        };
        await watcher.StartAsync(ct);

        var cpu = new CpuMeter(target.Pid);
        var clock = Stopwatch.StartNew();
        await using (new ProgressReporter("s8", target.Pid, () => progress.LastOrDefault() is { } p ? $"{p.Done}/{n} mails" : "starting"))
        {
            var start = await http.PostAsync($"api/campaigns/{campaignId}/start", null, ct);
            if (!start.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Starting the campaign: {(int)start.StatusCode} {await start.Content.ReadAsStringAsync(ct)}");
            }
            result.Notes.Add($"start (resolving {n} recipients and queueing their mail) took {clock.Elapsed.TotalSeconds:0.0} s");
            // Sending 10,000 at 50/s would take 200 s; the deadline leaves room for a slow machine, not for a stall.
            var deadline = TimeSpan.FromSeconds(120 + 2.0 * n / Math.Min(rate, 200));
            while (!(progress.LastOrDefault() is { Pending: 0 }) && clock.Elapsed < deadline)
            {
                await Task.Delay(100, ct);
            }
        }
        result.MeasuredSeconds = cpu.WallSeconds;

        var seen = progress.ToList();
        await using var db = target.OpenDb();
        var recipientIds = db.CampaignRecipients.Where(r => r.CampaignId == campaignId).Select(r => r.Id);
        var recorded = (await db.OutboxMessages.AsNoTracking()
                .Where(m => m.Source == CampaignOutboxSource.SourceName && recipientIds.Contains(m.SourceId) && m.SentAt != null)
                .Select(m => new { m.Id, m.SentAt }).ToListAsync(ct))
            .OrderBy(m => m.SentAt).ThenBy(m => m.Id).Select(m => m.SentAt!.Value).ToList();
        var table = await db.CampaignRecipients.AsNoTracking().Where(r => r.CampaignId == campaignId)
            .GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var received = await mail.MessageIdsAsync(ct);
        var campaignMail = received.Where(id => id.StartsWith($"campaign-{campaignId}-", StringComparison.Ordinal)).ToList();

        result.Events = n;
        result.Deliveries = seen.Count;
        if (recorded.Count > 1)
        {
            var sending = (recorded[^1] - recorded[0]).TotalSeconds;
            result.SendsPerSecond = (recorded.Count - 1) / sending;
            result.ProgressEventsPerSecond = seen.Count / sending;
            result.Notes.Add($"{recorded.Count} mails recorded as sent over {sending:0.0} s");
        }
        result.MaxProgressEventsInOneSecond = seen.GroupBy(p => p.At.ToUnixTimeSeconds()).Select(g => g.Count()).DefaultIfEmpty().Max();
        result.LatencyFromCommitMs = LatencySummary.Of(seen.Select(p => (p.ReceivedAt - p.At).TotalMilliseconds).ToList());
        result.ProgressStalenessMs = LatencySummary.Of(Staleness(recorded, seen));

        var last = seen.LastOrDefault();
        var sentInTable = table.Where(t => t.Key != RecipientStatus.Pending).Sum(t => t.Count);
        var pendingInTable = table.Where(t => t.Key == RecipientStatus.Pending).Sum(t => t.Count);
        var exact = last is { Pending: 0 } && last.Done == sentInTable && pendingInTable == 0
            && campaignMail.Count == n && campaignMail.Distinct().Count() == n;
        result.CampaignExact = exact;
        result.CampaignCheck = $"{campaignMail.Distinct().Count()} distinct of {campaignMail.Count} mails at the SMTP server for {n} recipients; " +
            $"last progress {last?.Done.ToString() ?? "none"} done / {last?.Pending.ToString() ?? "?"} pending; " +
            $"table {string.Join(", ", table.Select(t => $"{WireNames(t.Key)} {t.Count}"))}";
        ScenarioRunner.FinishCpu(result, cpu);
        return result;
    }

    /// <summary>For the k-th mail recorded as sent, the time until the first progress event counting k mails reached the
    /// client: what a person watching the progress bar waits to see that mail counted.</summary>
    private static List<double> Staleness(IReadOnlyList<DateTimeOffset> recorded, IReadOnlyList<ProgressSeen> seen)
    {
        var samples = new List<double>(recorded.Count);
        var next = 0;
        for (var k = 1; k <= recorded.Count; k++)
        {
            while (next < seen.Count && seen[next].Done < k)
            {
                next++;
            }
            if (next == seen.Count)
            {
                break;
            }
            samples.Add((seen[next].ReceivedAt - recorded[k - 1]).TotalMilliseconds);
        }
        return samples;
    }

    private static string WireNames(RecipientStatus status) => status.ToString().ToLowerInvariant();

    private sealed record ProgressSeen(DateTimeOffset ReceivedAt, DateTimeOffset At, int Done, int Pending);
}
