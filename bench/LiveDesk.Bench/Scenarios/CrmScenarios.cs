using System.Diagnostics;
using System.Net.Http.Headers;
using LiveDesk.Bench.Accounting;
using LiveDesk.Bench.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Bench.Scenarios;

/// <summary>S6, CRM lists: N contacts (100,000 by default) in the database, then the contact list's first page, a page
/// deep in it, and searches by name prefix and by email, each timed over HTTP one at a time.</summary>
public static class CrmScenarios
{
    public static async Task<RunResult> ListsAndSearchAsync(BenchOptions options, CancellationToken ct)
    {
        var n = options.N ?? 100_000;
        var requests = (int)(options.Rate ?? 300);
        var result = new RunResult { Scenario = "s6", Mode = "livedesk", Provider = options.Provider };
        result.Parameters["contacts"] = n.ToString();
        result.Parameters["requestsPerKind"] = requests.ToString();
        Console.WriteLine($"S6 livedesk ({options.Provider}): {n} contacts, {requests} requests of each kind");

        await using var target = await ScenarioRunner.OpenTargetAsync(options, ct);
        var population = await target.SeedAsync(1, 1, 0, ct);
        var team = population.Teams[0].TeamId;
        var seeding = Stopwatch.StartNew();
        await using (new ProgressReporter("s6", target.Pid, () => "seeding contacts"))
        {
            await ContactSeeder.SeedAsync(target, n, team, population.Admin.Id, [], ct);
        }
        result.Notes.Add($"seeded {n} contacts (with their search index) in {seeding.Elapsed.TotalSeconds:0.0} s");
        // The planner's statistics as a database that has lived with these rows would have them (PostgreSQL's
        // autovacuum would get there a minute later; measuring before it would time a plan no real desk runs).
        await using (var db = target.OpenDb())
        {
            await db.Database.ExecuteSqlRawAsync(options.Provider.StartsWith("postgres", StringComparison.OrdinalIgnoreCase)
                ? "ANALYZE \"Contacts\"" : "ANALYZE Contacts", ct);
        }

        using var http = new HttpClient { BaseAddress = target.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", population.Admin.Token);
        var random = new Random(42);
        string FirstPage() => "api/contacts?limit=50";
        string DeepPage() => $"api/contacts?limit=50&before={random.Next(1_000, n)}";
        string ByName() => $"api/contacts?limit=50&q={ContactSeeder.Names[random.Next(ContactSeeder.Names.Count)][..3]}%20sample{random.Next(1, 100)}";
        string ByEmail() => $"api/contacts?limit=50&q={Uri.EscapeDataString($"sample{random.Next(n)}@example")}";
        foreach (var warm in new Func<string>[] { FirstPage, DeepPage, ByName, ByEmail })
        {
            await TimeAsync(http, warm, 30, ct); // JIT, caches
        }
        var cpu = new CpuMeter(target.Pid);
        result.ListFirstPageMs = await TimeAsync(http, FirstPage, requests, ct);
        result.ListDeepPageMs = await TimeAsync(http, DeepPage, requests, ct);
        result.SearchByNameMs = await TimeAsync(http, ByName, requests, ct);
        result.SearchByEmailMs = await TimeAsync(http, ByEmail, requests, ct);
        result.MeasuredSeconds = cpu.WallSeconds;
        result.Events = 4L * requests;
        ScenarioRunner.FinishCpu(result, cpu);
        return result;
    }

    private static async Task<LatencySummary> TimeAsync(HttpClient http, Func<string> url, int count, CancellationToken ct)
    {
        var samples = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync(url(), ct);
            await response.Content.ReadAsByteArrayAsync(ct);
            samples.Add(clock.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }
        return LatencySummary.Of(samples);
    }
}
