using System.Diagnostics;
using LiveDesk.Bench.Accounting;
using LiveDesk.Bench.Clients;
using LiveDesk.Bench.Infrastructure;
using LiveDesk.Client;

namespace LiveDesk.Bench.Scenarios;

/// <summary>S1, S2, S3 and S4 against LiveDesk: real users on the .NET SDK over WebSockets, writes through REST.</summary>
public static class LiveDeskScenarios
{
    /// <summary>S1, steady desk: agents across 10 teams, writes at a steady rate, each event to one team (~10%).</summary>
    /// <param name="flood">S9: one more user floods live requests from as many connections as the cap allows
    /// (<see cref="Flooder"/>) for the whole measured run; the result is labelled s9/flood (s9/quiet without).</param>
    public static async Task<RunResult> SteadyDeskAsync(BenchOptions options, bool naive, CancellationToken ct, bool? flood = null)
    {
        var n = options.N ?? 1000;
        var rate = options.Rate ?? 50;
        var duration = options.Duration ?? TimeSpan.FromSeconds(60);
        const int teams = 10;
        var result = new RunResult
        {
            Scenario = flood is null ? "s1" : "s9",
            Mode = flood is null ? (naive ? "naive" : "livedesk") : flood.Value ? "flood" : "quiet",
            Provider = options.Provider,
        };
        result.Parameters["transport"] = options.Transport.ToString();
        result.Parameters["teams"] = teams.ToString();
        result.Parameters["writesPerSecond"] = rate.ToString(System.Globalization.CultureInfo.InvariantCulture);
        result.Parameters["durationSeconds"] = duration.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"S1 {result.Mode}: {n} agents in {teams} teams, {rate} writes/s for {duration.TotalSeconds} s");

        await using var target = await ScenarioRunner.OpenTargetAsync(options, ct);
        var population = await target.SeedAsync(teams, n / teams, 20, ct);
        using var writer = new WriteDriver(target.BaseAddress, population.Admin.Token, maxConnections: 128);
        await using var refetcher = new NaiveRefetcher(target.BaseAddress);
        await using var fleet = new LiveFleet(target.BaseAddress, population.Agents,
            new LiveFleetOptions { OnEvent = naive ? refetcher.OnEvent : null, Transport = options.Transport });
        refetcher.Attach(naive ? fleet.Clients : []);
        await ScenarioRunner.MeasureConnectAsync(result, target.Pid, n, () => ConnectAsync(fleet, target.Pid, ct));

        var teamList = population.Teams;
        long PickTicket(long i)
        {
            var team = teamList[(int)(i % teamList.Count)];
            return team.TicketIds[(int)(i / teamList.Count % team.TicketIds.Count)];
        }
        var perEvent = n / teams;
        // Warm-up (JIT, pools, SQLite cache) at the same rate for a few seconds; not measured.
        Console.WriteLine("  warm-up ...");
        await writer.RunAtRateAsync(PickTicket, rate, TimeSpan.FromSeconds(Math.Min(5, duration.TotalSeconds)), maxInFlight: 512, ct);
        await fleet.SettleAsync(() => fleet.TotalReceived >= writer.Ok * perEvent && refetcher.Done >= refetcher.Requested,
            TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(120));

        var head0 = await target.HeadAsync(ct);
        var wire0 = fleet.Wire.Received;
        var received0 = fleet.TotalReceived;
        var (ok0, calls0, refetchCalls0) = (writer.Ok, writer.Handler.Calls, refetcher.Handler.Calls);
        var httpBytes0 = writer.Wire.Received + writer.Wire.Sent + refetcher.Wire.Received + refetcher.Wire.Sent;
        var refetchDone0 = refetcher.Done;
        result.LoadAverageBefore = ProcStats.LoadAverage();
        await using var flooder = flood is true ? await Flooder.StartAsync(target, teamList[0], options.FloodConnections, ct) : null;
        var cpu = new CpuMeter(target.Pid);
        double writeSeconds;
        await using (new ProgressReporter(result.Scenario, target.Pid, () => (flooder is null ? "" : $"flood sent {flooder.Sent}, refused {flooder.Refused}, closed {flooder.ClosedByServer}; ") +
            $"writes {writer.Ok} ok/{writer.Failed} failed, deliveries {fleet.TotalReceived}" + (naive ? $", refetches {refetcher.Done}/{refetcher.Requested}" : "")))
        {
            await writer.RunAtRateAsync(PickTicket, rate, duration, maxInFlight: 512, ct);
            writeSeconds = cpu.WallSeconds;
            await fleet.SettleAsync(() => fleet.TotalReceived >= writer.Ok * perEvent && refetcher.Done >= refetcher.Requested,
                TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(naive ? 600 : 60));
        }
        result.Events = writer.Ok - ok0;
        result.WriteFailures = writer.Failed;
        result.Deliveries = fleet.TotalReceived - received0;
        result.MeasuredSeconds = writeSeconds;
        result.WritesPerSecond = result.Events / writeSeconds;
        result.DeliveriesPerSecond = result.Deliveries / writeSeconds;
        ScenarioRunner.FinishCpu(result, cpu);
        ScenarioRunner.FinishPeak(result, target.Pid, n);
        var fromCommit = fleet.LatenciesFromCommit(head0);
        result.LatencyFromCommitMs = LatencySummary.Of(fromCommit);
        result.LatencyFromResponseMs = LatencySummary.Of(fleet.LatenciesFromResponse(writer.ResponseAt, head0));
        result.WriteLatencyMs = LatencySummary.Of(writer.WriteLatencies().Skip((int)ok0).ToList());
        result.Samples = fromCommit;
        result.WireBytesPerDelivery = (fleet.Wire.Received - wire0) / (double)Math.Max(1, result.Deliveries);
        // Per event: the write itself plus, in the naive model, every client's refetch; bytes both ways.
        result.ApiCalls = writer.Handler.Calls - calls0 + refetcher.Handler.Calls - refetchCalls0;
        result.ApiCallsPerEvent = result.ApiCalls / (double)Math.Max(1, result.Events);
        var bytes = (fleet.Wire.Received - wire0)
            + writer.Wire.Received + writer.Wire.Sent + refetcher.Wire.Received + refetcher.Wire.Sent - httpBytes0;
        result.BytesPerEvent = bytes / (double)Math.Max(1, result.Events);
        if (naive)
        {
            result.Notes.Add($"refetches {refetcher.Done - refetchDone0} measured ({refetcher.Done} done of {refetcher.Requested} in all, {refetcher.Failed} failed)");
        }
        if (flooder is not null)
        {
            (result.FloodSent, result.FloodRefused, result.FloodDisconnects) = (flooder.Sent, flooder.Refused, flooder.ClosedByServer);
            result.Notes.Add($"flood: {flooder.Sent:N0} requests sent from {options.FloodConnections} connections of one user, " +
                $"{flooder.Refused:N0} refused, {flooder.ClosedByServer:N0} connections closed for flooding, {flooder.ConnectRefused:N0} reconnects refused over the cap");
        }
        result.Loss = await CheckLossAsync(target, fleet, head0, ct);
        return result;
    }

    /// <summary>S2, fan-out: N connections in one room (one team), one event to all, repeated.</summary>
    /// <param name="native">Clients use the native WebSocket framing (<c>/live/ws</c>) instead of the SDK over SignalR.</param>
    public static async Task<RunResult> FanOutAsync(BenchOptions options, bool native, CancellationToken ct)
    {
        var n = options.N ?? 5000;
        var broadcasts = (int)(options.Rate ?? BenchOptions.DefaultS2Broadcasts);
        var warmup = options.Warmup ?? BenchOptions.DefaultS2Warmup;
        var mode = native ? "livedesk-native" : "livedesk";
        var result = new RunResult { Scenario = "s2", Mode = mode, Provider = options.Provider };
        result.Parameters["broadcasts"] = broadcasts.ToString();
        result.Parameters["warmup"] = warmup.ToString();
        Console.WriteLine($"S2 {mode}: {n} connections in one room, {broadcasts} events to all");

        await using var target = await ScenarioRunner.OpenTargetAsync(options, ct);
        var population = await target.SeedAsync(1, n, 1, ct);
        var ticket = population.Teams[0].TicketIds[0];
        using var writer = new WriteDriver(target.BaseAddress, population.Admin.Token);
        // The periodic cursor sync is off here: the floor and the peer have nothing like it, and S2 compares sends.
        await using var fleet = new LiveFleet(target.BaseAddress, population.Agents, new LiveFleetOptions { CursorSync = null, Native = native, Transport = LiveTransport.SignalR });
        await ScenarioRunner.MeasureConnectAsync(result, target.Pid, n, () => ConnectAsync(fleet, target.Pid, ct));

        // Warm-up (JIT tier-up, pools), not measured.
        await using (new ProgressReporter("warm-up", target.Pid, () => $"broadcasts {writer.Ok}/{warmup}"))
        {
            for (var i = 1; i <= warmup; i++)
            {
                await writer.UpdateAsync(ticket, ct: ct);
                await WaitAllAsync(fleet, i, TimeSpan.FromSeconds(30));
            }
        }
        var head0 = await target.HeadAsync(ct);
        var received0 = fleet.TotalReceived;
        var wire0 = fleet.Wire.Received;
        result.LoadAverageBefore = ProcStats.LoadAverage();
        var cpu = new CpuMeter(target.Pid);
        await using (new ProgressReporter("s2", target.Pid, () => $"broadcasts {writer.Ok - warmup}/{broadcasts}, deliveries {fleet.TotalReceived - received0}"))
        {
            for (var i = 1; i <= broadcasts; i++)
            {
                await writer.UpdateAsync(ticket, ct: ct);
                await WaitAllAsync(fleet, warmup + i, TimeSpan.FromSeconds(30));
            }
        }
        result.MeasuredSeconds = cpu.WallSeconds;
        result.Events = writer.Ok - warmup;
        result.WriteFailures = writer.Failed;
        result.Deliveries = fleet.TotalReceived - received0;
        result.DeliveriesPerSecond = result.Deliveries / result.MeasuredSeconds;
        ScenarioRunner.FinishCpu(result, cpu);
        ScenarioRunner.FinishPeak(result, target.Pid, n);
        result.WireBytesPerDelivery = (fleet.Wire.Received - wire0) / (double)Math.Max(1, result.Deliveries);

        var perSeq = new Dictionary<long, (double Last, List<double> All)>();
        foreach (var client in fleet.Clients)
        {
            var (seqs, at) = client.Snapshot();
            for (var i = 0; i < seqs.Length; i++)
            {
                if (seqs[i] <= head0 || !fleet.CommitTimes.TryGetValue(seqs[i], out var stamp))
                {
                    continue;
                }
                var latency = at[i] - stamp.AtMs;
                if (!perSeq.TryGetValue(seqs[i], out var entry))
                {
                    perSeq[seqs[i]] = entry = (double.MinValue, []);
                }
                entry.All.Add(latency);
                perSeq[seqs[i]] = (Math.Max(entry.Last, latency), entry.All);
            }
        }
        var all = perSeq.Values.SelectMany(v => v.All).ToList();
        result.LatencyFromCommitMs = LatencySummary.Of(all);
        result.TimeToLastMs = LatencySummary.Of(perSeq.Values.Select(v => v.Last).ToList());
        result.Samples = all;
        result.Loss = await CheckLossAsync(target, fleet, head0, ct);
        return result;
    }

    /// <summary>S3, reconnect storm: every connection drops at once, each misses events, then all resume together.</summary>
    public static async Task<RunResult> ReconnectStormAsync(BenchOptions options, CancellationToken ct)
    {
        var n = options.N ?? 2000;
        var perClient = (int)(options.Rate ?? 100);
        const int teams = 10;
        var result = new RunResult { Scenario = "s3", Mode = "livedesk", Provider = options.Provider };
        result.Parameters["transport"] = options.Transport.ToString();
        result.Parameters["eventsMissedPerClient"] = perClient.ToString();
        result.Parameters["teams"] = teams.ToString();
        Console.WriteLine($"S3 livedesk: {n} connections drop, {perClient} events per client happen, all resume");

        await using var target = await ScenarioRunner.OpenTargetAsync(options, ct);
        var population = await target.SeedAsync(teams, n / teams, 10, ct);
        using var writer = new WriteDriver(target.BaseAddress, population.Admin.Token);
        await using var fleet = new LiveFleet(target.BaseAddress, population.Agents, new LiveFleetOptions { Transport = options.Transport });
        await ScenarioRunner.MeasureConnectAsync(result, target.Pid, n, () => ConnectAsync(fleet, target.Pid, ct));
        var head0 = await target.HeadAsync(ct);

        // One live event per team first, so every client holds a cursor inside this run's history.
        foreach (var team in population.Teams)
        {
            await writer.UpdateAsync(team.TicketIds[0], ct: ct);
        }
        await fleet.SettleAsync(() => fleet.TotalReceived >= n, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(30));

        Console.WriteLine("  dropping every connection at once ...");
        await fleet.StopAllAsync(parallelism: n);
        var missed = population.Teams.SelectMany(t => Enumerable.Range(0, perClient).Select(i => t.TicketIds[i % t.TicketIds.Count])).ToArray();
        await writer.RunAsFastAsync(i => missed[i], missed.Length, concurrency: 16, ct);
        Console.WriteLine($"  {writer.Ok} writes while disconnected; all {n} resume now");

        result.LoadAverageBefore = ProcStats.LoadAverage();
        var cpu = new CpuMeter(target.Pid);
        var received0 = fleet.TotalReceived;
        var wire0 = fleet.Wire.Received;
        var recoveries = new double[n];
        var clock = Stopwatch.StartNew();
        var expectedEach = perClient + 1;
        await using (new ProgressReporter("s3", target.Pid, () =>
            $"recovered {fleet.Clients.Count(c => c.Count >= expectedEach)}/{n}, replayed {fleet.TotalReceived - received0}"))
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = n, CancellationToken = ct },
                async (i, token) =>
                {
                    var client = fleet.Clients[i];
                    // StartAsync returns once connected and resumed, i.e. every missed event has been applied.
                    await client.Connection.StartAsync(token);
                    recoveries[i] = clock.Elapsed.TotalMilliseconds;
                });
        }
        result.RecoverySeconds = clock.Elapsed.TotalSeconds;
        result.ClientRecoveryMs = LatencySummary.Of(recoveries);
        result.MeasuredSeconds = clock.Elapsed.TotalSeconds;
        result.Events = writer.Ok;
        result.WriteFailures = writer.Failed;
        result.Deliveries = fleet.TotalReceived - received0;
        result.DeliveriesPerSecond = result.Deliveries / result.MeasuredSeconds;
        ScenarioRunner.FinishCpu(result, cpu);
        ScenarioRunner.FinishPeak(result, target.Pid, n);
        result.Samples = [.. recoveries];
        result.WireBytesPerDelivery = (fleet.Wire.Received - wire0) / (double)Math.Max(1, result.Deliveries);
        var resets = fleet.Clients.Sum(c => c.Resets);
        result.Notes.Add($"{resets} client(s) got a reset instead of a replay");
        result.Loss = await CheckLossAsync(target, fleet, head0, ct);
        return result;
    }

    /// <summary>S4, write burst: ticket updates as fast as the server takes them, with listeners for the loss check.</summary>
    public static async Task<RunResult> WriteBurstAsync(BenchOptions options, CancellationToken ct)
    {
        var n = options.N ?? 100;
        var total = (long)(options.Rate ?? 10_000);
        const int teams = 10;
        var result = new RunResult { Scenario = "s4", Mode = "livedesk", Provider = options.Provider };
        result.Parameters["transport"] = options.Transport.ToString();
        result.Parameters["writes"] = total.ToString();
        result.Parameters["concurrency"] = options.Concurrency.ToString();
        Console.WriteLine($"S4 livedesk ({options.Provider}): {total} ticket updates, {options.Concurrency} writers, {n} listeners");

        await using var target = await ScenarioRunner.OpenTargetAsync(options, ct);
        var population = await target.SeedAsync(teams, Math.Max(1, n / teams), 50, ct);
        using var writer = new WriteDriver(target.BaseAddress, population.Admin.Token, maxConnections: options.Concurrency);
        await using var fleet = new LiveFleet(target.BaseAddress, population.Agents, new LiveFleetOptions { Transport = options.Transport });
        await ScenarioRunner.MeasureConnectAsync(result, target.Pid, fleet.Clients.Count, () => ConnectAsync(fleet, target.Pid, ct));
        var tickets = population.Teams.SelectMany(t => t.TicketIds).ToArray();
        await writer.RunAsFastAsync(i => tickets[i % tickets.Length], 200, options.Concurrency, ct); // warm-up
        await fleet.SettleAsync(() => false, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20));
        var warmOk = writer.Ok;
        var head0 = await target.HeadAsync(ct);
        var received0 = fleet.TotalReceived;
        var wire0 = fleet.Wire.Received;
        result.LoadAverageBefore = ProcStats.LoadAverage();
        var cpu = new CpuMeter(target.Pid);
        double writeSeconds;
        await using (new ProgressReporter("s4", target.Pid, () => $"writes {writer.Ok - warmOk}/{total} ({writer.Failed} failed), deliveries {fleet.TotalReceived - received0}"))
        {
            await writer.RunAsFastAsync(i => tickets[i % tickets.Length], total, options.Concurrency, ct);
            writeSeconds = cpu.WallSeconds;
            var perEvent = fleet.Clients.Count / teams;
            await fleet.SettleAsync(() => fleet.TotalReceived - received0 >= (writer.Ok - warmOk) * perEvent,
                TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60));
        }
        result.Events = writer.Ok - warmOk;
        result.WriteFailures = writer.Failed;
        result.MeasuredSeconds = writeSeconds;
        result.WritesPerSecond = result.Events / writeSeconds;
        result.Deliveries = fleet.TotalReceived - received0;
        result.DeliveriesPerSecond = result.Deliveries / writeSeconds;
        ScenarioRunner.FinishCpu(result, cpu);
        ScenarioRunner.FinishPeak(result, target.Pid, fleet.Clients.Count);
        result.WireBytesPerDelivery = (fleet.Wire.Received - wire0) / (double)Math.Max(1, result.Deliveries);
        var writeLatencies = writer.WriteLatencies();
        result.WriteLatencyMs = LatencySummary.Of(writeLatencies.Skip((int)warmOk).ToList());
        result.LatencyFromCommitMs = LatencySummary.Of(fleet.LatenciesFromCommit(head0));
        result.Samples = writeLatencies.Skip((int)warmOk).ToList();
        if (writer.LastError is { } error)
        {
            result.Notes.Add($"last write error: {error}");
        }
        result.Loss = await CheckLossAsync(target, fleet, head0, ct);
        // The warm-up's events are before head0 and not counted; clients received those too.
        return result;
    }

    internal static async Task ConnectAsync(LiveFleet fleet, int? pid, CancellationToken ct)
    {
        var connected = 0;
        var clock = Stopwatch.StartNew();
        await using (new ProgressReporter("connect", pid, () => $"{connected}/{fleet.Clients.Count} live"))
        {
            await fleet.StartAllAsync(64, done => connected = done, ct);
        }
        Console.WriteLine($"  {fleet.Clients.Count} connections live in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task WaitAllAsync(LiveFleet fleet, int count, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (fleet.Clients.Any(c => c.Count < count))
        {
            if (clock.Elapsed > timeout)
            {
                Console.WriteLine($"  timeout: {fleet.Clients.Count(c => c.Count < count)} client(s) still lack event #{count}");
                return;
            }
            await Task.Delay(2);
        }
    }

    /// <summary>Each client against the log for its rooms, from <paramref name="head0"/> to the head now.</summary>
    internal static async Task<LossReport> CheckLossAsync(LiveDeskTarget target, LiveFleet fleet, long head0, CancellationToken ct)
    {
        var head1 = await target.HeadAsync(ct);
        var log = await target.LogRoomsAsync(head0, head1, ct);
        var receipts = fleet.Receipts().Select(r => r with { ReceivedSeqs = r.ReceivedSeqs.Where(s => s > head0).ToList() }).ToList();
        var report = LossAccounting.Check(log, receipts);
        Console.WriteLine($"  loss check (seq {head0}..{head1}): expected {report.ExpectedDeliveries}, received {report.ReceivedDeliveries}, " +
            $"missing {report.Missing}, unexpected {report.Unexpected}, duplicates {report.Duplicates} => {(report.Exact ? "exact" : "LOSS")}");
        return report;
    }
}
