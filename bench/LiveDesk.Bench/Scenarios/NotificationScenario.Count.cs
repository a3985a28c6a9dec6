using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using LiveDesk.Bench.Accounting;
using LiveDesk.Bench.Infrastructure;
using LiveDesk.Contracts.Notifications;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Bench.Scenarios;

public static partial class NotificationScenario
{
    /// <summary>The badge: K notifications stored (100,000), then <c>unread-count</c> for users picked at random and for
    /// the user who holds a tenth of all, timed one at a time over HTTP as each user. Every answer is compared with what
    /// the seeder wrote, so a fast wrong count cannot pass.</summary>
    private static async Task<RunResult> CountAsync(BenchOptions options, CancellationToken ct)
    {
        var stored = options.Notifications ?? 100_000;
        var requests = options.Requests ?? 2_000;
        // About 100 each for the ordinary users (a tenth of all go to the heaviest one).
        var users = Math.Clamp(stored / 100, 2, 1_000);
        var result = new RunResult { Scenario = "s5", Mode = "count", Provider = options.Provider };
        result.Parameters["notifications"] = stored.ToString(CultureInfo.InvariantCulture);
        result.Parameters["users"] = users.ToString(CultureInfo.InvariantCulture);
        result.Parameters["requests"] = requests.ToString(CultureInfo.InvariantCulture);
        Console.WriteLine($"S5 count ({options.Provider}): {stored} notifications over {users} users, {requests} unread-count requests");

        await using var target = await ScenarioRunner.OpenTargetAsync(options, ct);
        var population = await target.SeedAsync(1, users, 0, ct);
        var seeding = Stopwatch.StartNew();
        Dictionary<long, int> expected;
        await using (new ProgressReporter("s5 count", target.Pid, () => "seeding notifications"))
        {
            expected = await NotificationSeeder.SeedAsync(target, population.Agents.Select(a => a.Id).ToList(), stored, population.Admin.Id, ct);
        }
        result.Notes.Add($"seeded {stored} notifications in {seeding.Elapsed.TotalSeconds:0.0} s; unread per ordinary user " +
            $"{expected.Values.Skip(1).Min()}–{expected.Values.Skip(1).Max()}, the heaviest user {stored / 10} stored, {expected[population.Agents[0].Id]} unread");
        // The planner's statistics, as a database that has lived with these rows has them (as S6 does).
        await using (var db = target.OpenDb())
        {
            await db.Database.ExecuteSqlRawAsync(target.IsPostgres ? "ANALYZE \"Notifications\"" : "ANALYZE Notifications", ct);
        }

        using var http = new HttpClient { BaseAddress = target.BaseAddress };
        var random = new Random(7);
        var heavy = population.Agents[0];
        BenchUser AnyUser() => population.Agents[random.Next(1, population.Agents.Count)];
        var wrong = new List<string>();
        await TimeCountsAsync(http, AnyUser, expected, 50, wrong, ct); // JIT, caches
        await TimeCountsAsync(http, () => heavy, expected, 10, wrong, ct);
        wrong.Clear();
        result.LoadAverageBefore = ProcStats.LoadAverage();
        var cpu = new CpuMeter(target.Pid);
        var samples = await TimeCountsAsync(http, AnyUser, expected, requests, wrong, ct);
        result.UnreadCountMs = LatencySummary.Of(samples);
        var heavyRequests = Math.Max(1, requests / 4);
        result.UnreadCountHeavyMs = LatencySummary.Of(await TimeCountsAsync(http, () => heavy, expected, heavyRequests, wrong, ct));
        result.MeasuredSeconds = cpu.WallSeconds;
        result.Events = requests + heavyRequests;
        ScenarioRunner.FinishCpu(result, cpu);
        result.Samples = samples;
        result.NotificationsStored = stored;
        result.UnreadCountExact = wrong.Count == 0;
        result.UnreadCountCheck = wrong.Count == 0
            ? $"{result.Events} of {result.Events} equal to the seeded rows"
            : $"{wrong.Count} of {result.Events} wrong, e.g. {string.Join("; ", wrong.Take(3))}";
        return result;
    }

    private static readonly System.Text.Json.JsonSerializerOptions s_json = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static async Task<List<double>> TimeCountsAsync(HttpClient http, Func<BenchUser> pick, IReadOnlyDictionary<long, int> expected,
        int count, List<string> wrong, CancellationToken ct)
    {
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var user = pick();
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/notifications/unread-count");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", user.Token);
            var clock = Stopwatch.StartNew();
            using var response = await http.SendAsync(request, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            samples.Add(clock.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
            var answer = System.Text.Json.JsonSerializer.Deserialize<UnreadCount>(body, s_json);
            if (answer?.Count != expected[user.Id])
            {
                wrong.Add($"user {user.Id}: {answer?.Count} instead of {expected[user.Id]}");
            }
        }
        return samples;
    }
}
