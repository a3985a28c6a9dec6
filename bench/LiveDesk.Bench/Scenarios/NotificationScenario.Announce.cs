using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LiveDesk.Bench.Accounting;
using LiveDesk.Bench.Clients;
using LiveDesk.Bench.Infrastructure;
using LiveDesk.Contracts.Notifications;
using LiveDesk.Contracts.Realtime;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Bench.Scenarios;

public static partial class NotificationScenario
{
    private static readonly int[] DefaultAudiences = [1_000, 2_500, 5_000, 10_000];

    private static async Task<IReadOnlyList<RunResult>> AnnounceAllAsync(BenchOptions options, CancellationToken ct)
    {
        var results = new List<RunResult>();
        foreach (var size in options.Audiences.Count > 0 ? options.Audiences : DefaultAudiences)
        {
            results.Add(await AnnounceAsync(options, size, ct));
        }
        return results;
    }

    /// <summary>One announcement to all of N agents (on a fresh server), C of them connected, spread evenly over the
    /// audience so every chunk of the fan-out reaches some of them. Before it, W warm-up announcements to the same
    /// audience (1 by default; a server that has run for a while has compiled the fan-out's code).</summary>
    private static async Task<RunResult> AnnounceAsync(BenchOptions options, int n, CancellationToken ct)
    {
        var connectedCount = Math.Min(options.Connected ?? 5_000, n);
        var warmups = options.Warmup ?? 1;
        var result = new RunResult { Scenario = "s5", Mode = $"announce-{n}", Provider = options.Provider };
        result.Parameters["audience"] = n.ToString(CultureInfo.InvariantCulture);
        result.Parameters["connected"] = connectedCount.ToString(CultureInfo.InvariantCulture);
        result.Parameters["warmupAnnouncements"] = warmups.ToString(CultureInfo.InvariantCulture);
        Console.WriteLine($"S5 announce ({options.Provider}): an announcement to {n} agents, {connectedCount} connected, after {warmups} warm-up");

        await using var target = await ScenarioRunner.OpenTargetAsync(options, ct);
        var population = await target.SeedAsync(1, n, 1, ct);
        var connected = Enumerable.Range(0, connectedCount).Select(k => population.Agents[(int)((long)k * n / connectedCount)]).ToList();
        var recorder = new NotificationRecorder();
        await using var fleet = new LiveFleet(target.BaseAddress, connected, Recording(recorder));
        // The admin's own connection hears announcement.delivered in role:admin: the moment every chunk has committed.
        var delivered = new ConcurrentDictionary<long, double>();
        await using var admin = new NativeFleetConnection(target.BaseAddress, population.Admin.Token, new WireCounter(), envelope =>
        {
            if (envelope.Type == EventTypes.AnnouncementDelivered)
            {
                delivered.TryAdd(envelope.EntityId, LiveFleet.UnixMsNow());
            }
        });
        await ScenarioRunner.MeasureConnectAsync(result, target.Pid, connectedCount, () => LiveDeskScenarios.ConnectAsync(fleet, target.Pid, ct));
        await admin.StartAsync(ct);

        using var http = new HttpClient { BaseAddress = target.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", population.Admin.Token);
        // One event to the team everyone is in: once all have it, every connection (the admin's too) is in its rooms.
        using (var writer = new WriteDriver(target.BaseAddress, population.Admin.Token))
        {
            await writer.UpdateAsync(population.Teams[0].TicketIds[0], ct: ct);
            await WaitUntilAsync(() => fleet.Clients.All(c => c.Count >= 1), TimeSpan.FromSeconds(30));
        }
        var deadline = TimeSpan.FromSeconds(60 + n / 100.0);
        for (var w = 0; w < warmups; w++)
        {
            var (warmId, warmPostAt, _) = await PostAnnouncementAsync(http, $"Warm-up {w + 1}", ct);
            await WaitUntilAsync(() => delivered.ContainsKey(warmId), deadline);
            await fleet.SettleAsync(() => false, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
            result.Notes.Add($"warm-up announcement {w + 1}: POST → announcement.delivered " +
                (delivered.TryGetValue(warmId, out var at) ? $"{at - warmPostAt:0} ms" : "never came"));
        }

        var head0 = await target.HeadAsync(ct);
        var received0 = fleet.TotalReceived;
        var wire0 = fleet.Wire.Received;
        recorder.MeasureAfter(head0);
        result.LoadAverageBefore = ProcStats.LoadAverage();
        var cpu = new CpuMeter(target.Pid);
        long id;
        double postAt, postMs;
        await using (new ProgressReporter("s5 announce", target.Pid, () =>
            $"notifications received {recorder.Measured}/{connectedCount}"))
        {
            (id, postAt, postMs) = await PostAnnouncementAsync(http, "Measured", ct);
            await WaitUntilAsync(() => delivered.ContainsKey(id) && recorder.Measured >= connectedCount, deadline);
            result.MeasuredSeconds = cpu.WallSeconds;
            // Anything still in flight (a duplicate would be) lands before the checks.
            await fleet.SettleAsync(() => false, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        }
        // What the announcement should create (the table says what it did, below), and what the fleet got.
        result.Events = n;
        result.Deliveries = fleet.TotalReceived - received0;
        ScenarioRunner.FinishCpu(result, cpu);
        ScenarioRunner.FinishPeak(result, target.Pid, connectedCount);
        result.WireBytesPerDelivery = (fleet.Wire.Received - wire0) / (double)Math.Max(1, result.Deliveries);
        result.LatencyFromCommitMs = LatencySummary.Of(fleet.LatenciesFromCommit(head0));
        var measured = recorder.Since(head0);
        result.Samples = measured.Select(s => s.ReceivedMs - s.AtMs).ToList();
        result.NotificationLatencyMs = LatencySummary.Of(result.Samples);

        result.Loss = await LiveDeskScenarios.CheckLossAsync(target, fleet, head0, ct);
        await using var db = target.OpenDb();
        var announcement = await db.Announcements.AsNoTracking().SingleAsync(a => a.Id == id, ct);
        var rows = await db.Notifications.AsNoTracking()
            .Where(x => x.Type == NotificationTypes.Announcement && x.Entity == EntityNames.Announcement && x.EntityId == id)
            .Select(x => new { x.Id, x.UserId, x.CreatedAt }).ToListAsync(ct);
        result.NotificationLoss = CheckRows(rows.Select(r => (r.Id, r.UserId)), connected.Select(u => u.Id).ToList(), measured);
        var stamps = rows.Select(r => r.CreatedAt.ToUnixTimeMilliseconds()).Distinct().Order().ToList();
        var lastReceived = measured.Count > 0 ? measured.Max(s => s.ReceivedMs) : double.NaN;
        result.Announcement = new AnnouncementFigures
        {
            Recipients = n,
            Connected = connectedCount,
            Rows = rows.Count,
            DeliveredCount = announcement.Delivered,
            Chunks = stamps.Count,
            ChunkIntervalMs = LatencySummary.Of(stamps.Zip(stamps.Skip(1), (a, b) => (double)(b - a)).ToList()),
            PostMs = postMs,
            PostToDeliveredEventMs = delivered.TryGetValue(id, out var deliveredAt) ? deliveredAt - postAt : double.NaN,
            CreatedToDeliveredAtMs = announcement.DeliveredAt is { } done ? (done - announcement.CreatedAt).TotalMilliseconds : double.NaN,
            LastChunkToLastConnectedMs = stamps.Count > 0 ? lastReceived - stamps[^1] : double.NaN,
            PostToLastConnectedMs = lastReceived - postAt,
        };
        if (rows.Count != n || announcement.Delivered != n)
        {
            result.Notes.Add($"**the audience is {n} agents, but the table has {rows.Count} notifications and Delivered says {announcement.Delivered}**");
        }
        return result;
    }

    private static async Task<(long Id, double PostAt, double PostMs)> PostAnnouncementAsync(HttpClient http, string title, CancellationToken ct)
    {
        var postAt = LiveFleet.UnixMsNow();
        using var response = await http.PostAsJsonAsync("api/announcements", new
        {
            title = $"S5 {title}", body = "Planned maintenance tonight from 22:00; the desk stays up.", priority = "normal", audience = "all",
            expiresAt = (DateTimeOffset?)null,
        }, ct);
        var postMs = LiveFleet.UnixMsNow() - postAt;
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/announcements: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetInt64();
        return (id, postAt, postMs);
    }

    private static async Task WaitUntilAsync(Func<bool> done, TimeSpan timeout)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > timeout)
            {
                Console.WriteLine($"  gave up waiting after {timeout.TotalSeconds:0} s");
                return;
            }
            await Task.Delay(5);
        }
    }
}
