using System.Collections.Concurrent;
using System.Globalization;
using LiveDesk.Bench.Accounting;
using LiveDesk.Bench.Clients;
using LiveDesk.Bench.Infrastructure;
using LiveDesk.Contracts.Realtime;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Bench.Scenarios;

/// <summary>S5, notifications (issue 10), in three parts, each on a fresh server and each its own result column:
/// <c>notify</c> (agents connected while assignments notify them at a steady rate; latency from commit and every row
/// of the Notifications table against what the owners' connections received), <c>count</c> (the unread badge with
/// many notifications stored) and <c>announce</c> (one announcement's fan-out per audience size, for the growth).
/// Connections are raw native-framing clients: light enough for thousands in the generator, and they see every
/// duplicate the SDK would hide.</summary>
public static partial class NotificationScenario
{
    public static async Task<IReadOnlyList<RunResult>> RunAsync(BenchOptions options, string mode, CancellationToken ct) => mode switch
    {
        "notify" => [await NotifyAsync(options, ct)],
        "count" => [await CountAsync(options, ct)],
        "announce" => await AnnounceAllAsync(options, ct),
        _ => throw new ArgumentException($"s5 has no mode {mode}; expected notify, count or announce."),
    };

    /// <summary>Agents in 10 teams, tickets assigned round the team at R writes a second: each assignment is a
    /// <c>ticket.assigned</c> to the team and a <c>notification.created</c> to the new assignee, in one commit.</summary>
    private static async Task<RunResult> NotifyAsync(BenchOptions options, CancellationToken ct)
    {
        var n = options.N ?? 1000;
        var rate = options.Rate ?? 50;
        var duration = options.Duration ?? TimeSpan.FromSeconds(60);
        const int teams = 10;
        const int ticketsPerTeam = 20;
        // At least two per team, so that each assignment of a ticket names someone other than its current assignee
        // (an assignment to the same person is a no-op: no event, no notification).
        var perTeam = Math.Max(2, n / teams);
        var result = new RunResult { Scenario = "s5", Mode = "notify", Provider = options.Provider };
        result.Parameters["teams"] = teams.ToString(CultureInfo.InvariantCulture);
        result.Parameters["writesPerSecond"] = rate.ToString(CultureInfo.InvariantCulture);
        result.Parameters["durationSeconds"] = duration.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        Console.WriteLine($"S5 notify ({options.Provider}): {teams * perTeam} agents in {teams} teams, {rate} assignments/s for {duration.TotalSeconds} s");

        await using var target = await ScenarioRunner.OpenTargetAsync(options, ct);
        var population = await target.SeedAsync(teams, perTeam, ticketsPerTeam, ct);
        using var writer = new WriteDriver(target.BaseAddress, population.Admin.Token, maxConnections: 128);
        var recorder = new NotificationRecorder();
        await using var fleet = new LiveFleet(target.BaseAddress, population.Agents, Recording(recorder));
        await ScenarioRunner.MeasureConnectAsync(result, target.Pid, fleet.Clients.Count,
            () => LiveDeskScenarios.ConnectAsync(fleet, target.Pid, ct));

        var teamAgents = population.Agents.GroupBy(a => a.TeamId!.Value).ToDictionary(g => g.Key, g => g.Select(a => a.Id).ToArray());
        long written = -1;
        Task Assign(long _, CancellationToken token)
        {
            // One counter across warm-up and measurement, so a ticket's next assignee always differs from its last.
            var i = Interlocked.Increment(ref written);
            var team = population.Teams[(int)(i % teams)];
            var ticket = (int)(i / teams % team.TicketIds.Count);
            var round = i / teams / team.TicketIds.Count;
            var agents = teamAgents[team.TeamId];
            return writer.AssignAsync(team.TicketIds[ticket], agents[(int)((ticket + round) % agents.Length)], token);
        }

        // Warm-up (JIT, pools, SQLite cache), not measured; it also proves every connection is in its rooms.
        Console.WriteLine("  warm-up ...");
        await writer.RunAtRateAsync(Assign, rate, TimeSpan.FromSeconds(Math.Min(5, duration.TotalSeconds)), maxInFlight: 512, ct);
        await fleet.SettleAsync(() => false, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60));

        var head0 = await target.HeadAsync(ct);
        var lastRow0 = await LastNotificationIdAsync(target, ct);
        var received0 = fleet.TotalReceived;
        var wire0 = fleet.Wire.Received;
        var ok0 = writer.Ok;
        recorder.MeasureAfter(head0);
        result.LoadAverageBefore = ProcStats.LoadAverage();
        var cpu = new CpuMeter(target.Pid);
        double writeSeconds;
        await using (new ProgressReporter("s5 notify", target.Pid, () =>
            $"assignments {writer.Ok - ok0} ok/{writer.Failed} failed, notifications seen {recorder.Measured}, deliveries {fleet.TotalReceived - received0}"))
        {
            await writer.RunAtRateAsync(Assign, rate, duration, maxInFlight: 512, ct);
            writeSeconds = cpu.WallSeconds;
            await fleet.SettleAsync(() => false, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(60));
        }
        result.Events = writer.Ok - ok0;
        result.WriteFailures = writer.Failed;
        result.Deliveries = fleet.TotalReceived - received0;
        result.MeasuredSeconds = writeSeconds;
        result.WritesPerSecond = result.Events / writeSeconds;
        result.DeliveriesPerSecond = result.Deliveries / writeSeconds;
        ScenarioRunner.FinishCpu(result, cpu);
        ScenarioRunner.FinishPeak(result, target.Pid, fleet.Clients.Count);
        result.WireBytesPerDelivery = (fleet.Wire.Received - wire0) / (double)Math.Max(1, result.Deliveries);
        result.LatencyFromCommitMs = LatencySummary.Of(fleet.LatenciesFromCommit(head0));
        result.WriteLatencyMs = LatencySummary.Of(writer.WriteLatencies().Skip((int)ok0).ToList());
        var measured = recorder.Since(head0);
        result.Samples = measured.Select(s => s.ReceivedMs - s.AtMs).ToList();
        result.NotificationLatencyMs = LatencySummary.Of(result.Samples);
        if (writer.LastError is { } error)
        {
            result.Notes.Add($"last write error: {error}");
        }

        result.Loss = await LiveDeskScenarios.CheckLossAsync(target, fleet, head0, ct);
        await using var db = target.OpenDb();
        var rows = await db.Notifications.AsNoTracking().Where(x => x.Id > lastRow0).Select(x => new { x.Id, x.UserId }).ToListAsync(ct);
        result.NotificationLoss = CheckRows(rows.Select(r => (r.Id, r.UserId)), population.Agents.Select(a => a.Id).ToList(), measured);
        result.Notes.Add($"{rows.Count} notifications created by {result.Events} assignments; the team's ticket.assigned goes to " +
            $"{perTeam} agents, the notification to 1");
        return result;
    }

    private static LiveFleetOptions Recording(NotificationRecorder recorder) => new()
    {
        Native = true,
        CursorSync = null,
        OnEvent = recorder.OnEvent,
    };

    private static LossReport CheckRows(IEnumerable<(long Id, long UserId)> rows, IReadOnlyCollection<long> connected,
        IReadOnlyList<NotificationSeen> seen)
    {
        var report = NotificationAccounting.Check(rows, connected, seen.Select(s => new NotificationReceipt(s.UserId, s.NotificationId)));
        Console.WriteLine($"  notifications vs table: expected {report.ExpectedDeliveries}, received {report.ReceivedDeliveries}, " +
            $"missing {report.Missing}, unexpected {report.Unexpected}, duplicates {report.Duplicates} => {(report.Exact ? "exact" : "LOSS")}");
        return report;
    }

    private static async Task<long> LastNotificationIdAsync(LiveDeskTarget target, CancellationToken ct)
    {
        await using var db = target.OpenDb();
        return await db.Notifications.MaxAsync(x => (long?)x.Id, ct) ?? 0;
    }

    /// <summary>One <c>notification.created</c> as a connection got it: whose, which, stamped when, received when (Unix ms).</summary>
    private sealed record NotificationSeen(long UserId, long Seq, long NotificationId, double AtMs, double ReceivedMs);

    /// <summary>Every <c>notification.created</c> the fleet receives, and a running count of those after the measured
    /// phase's head, so waiting for "all have it" does not rescan the list on the generator's (shared) CPU.</summary>
    private sealed class NotificationRecorder
    {
        private readonly ConcurrentQueue<NotificationSeen> _seen = new();
        private long _after = long.MaxValue;
        private long _measured;

        public long Measured => Interlocked.Read(ref _measured);

        /// <summary>From now on count events with a seq above <paramref name="head"/>; call before the first such write.</summary>
        public void MeasureAfter(long head)
        {
            Interlocked.Exchange(ref _measured, 0);
            Interlocked.Exchange(ref _after, head);
        }

        public List<NotificationSeen> Since(long head) => _seen.Where(s => s.Seq > head).ToList();

        public void OnEvent(FleetClient client, EventEnvelope envelope)
        {
            if (envelope.Type != EventTypes.NotificationCreated)
            {
                return;
            }
            _seen.Enqueue(new NotificationSeen(client.User.Id, envelope.Seq, envelope.EntityId, envelope.At.ToUnixTimeMilliseconds(),
                LiveFleet.UnixMsNow()));
            if (envelope.Seq > Interlocked.Read(ref _after))
            {
                Interlocked.Increment(ref _measured);
            }
        }
    }
}
