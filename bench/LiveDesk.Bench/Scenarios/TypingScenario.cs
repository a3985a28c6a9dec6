using System.Collections.Concurrent;
using System.Diagnostics;
using LiveDesk.Bench.Accounting;
using LiveDesk.Bench.Infrastructure;
using LiveDesk.Client;
using LiveDesk.Contracts.Conversations;
using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Conversations;
using LiveDesk.Server.Identity;

namespace LiveDesk.Bench.Scenarios;

/// <summary>S7, typing: N participants (50 by default) in one conversation room, each typing for the whole run, so each
/// sends a typing signal as often as the server relays one (every 2 s); every other participant should get each.
/// Measures delivery from the server's relay to each receiver, and counts what arrived against what was relayed.</summary>
public static class TypingScenario
{
    public static async Task<RunResult> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var n = options.N ?? 50;
        var seconds = options.Duration?.TotalSeconds ?? 20;
        var result = new RunResult { Scenario = "s7", Mode = "livedesk", Provider = options.Provider };
        result.Parameters["participants"] = n.ToString();
        result.Parameters["seconds"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Console.WriteLine($"S7 livedesk: {n} participants typing in one conversation for {seconds} s ({options.Transport})");

        await using var target = await ScenarioRunner.OpenTargetAsync(options, ct);
        var population = await target.SeedAsync(1, n, 0, ct);
        long conversationId;
        await using (var db = target.OpenDb())
        {
            var now = DateTimeOffset.UtcNow;
            var customer = new User { Email = $"customer-{Guid.NewGuid():N}@bench.test", DisplayName = "Customer", Role = UserRole.Customer, CreatedAt = now };
            db.Users.Add(customer);
            await db.SaveChangesAsync(ct);
            var conversation = new Conversation
            {
                CustomerId = customer.Id, TeamId = population.Teams[0].TeamId, Subject = "Typing bench", Status = ConversationStatus.Open,
                LastMessageAt = now, Version = 1, CreatedAt = now, UpdatedAt = now,
            };
            db.Conversations.Add(conversation);
            await db.SaveChangesAsync(ct);
            conversationId = conversation.Id;
        }
        var room = Room.Conversation(conversationId).Name;
        var latencies = new ConcurrentQueue<double>();
        var connections = new List<LiveConnection>();
        foreach (var agent in population.Agents)
        {
            var connection = new LiveConnection(target.BaseAddress, () => Task.FromResult<string?>(agent.Token),
                new LiveConnectionOptions { Transport = options.Transport, InitialRooms = [room] });
            // The relay stamps each signal; sender and receivers share this machine's clock.
            connection.SignalReceived += signal => latencies.Enqueue((DateTimeOffset.UtcNow - signal.At).TotalMilliseconds);
            await connection.StartAsync(ct);
            connections.Add(connection);
        }
        var relayed = 0;
        var cpu = new CpuMeter(target.Pid);
        var clock = Stopwatch.StartNew();
        await using (new ProgressReporter("s7", target.Pid, () => $"signals relayed {relayed}, received {latencies.Count}"))
        {
            await Task.WhenAll(connections.Select(async (connection, i) =>
            {
                // Spread the senders over the first interval, then each types continuously: one signal per 2 s is relayed.
                await Task.Delay(TimeSpan.FromMilliseconds(2000.0 * i / n), ct);
                while (clock.Elapsed.TotalSeconds < seconds)
                {
                    if ((await connection.SignalAsync(room, SignalNames.Typing, ct)).Ok)
                    {
                        Interlocked.Increment(ref relayed);
                    }
                    await Task.Delay(TimeSpan.FromMilliseconds(2_050), ct);
                }
            }));
            var expected = (long)relayed * (n - 1);
            var settle = Stopwatch.StartNew();
            while (latencies.Count < expected && settle.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50, ct);
            }
            result.Deliveries = latencies.Count;
            result.Events = relayed;
            result.Notes.Add($"signals sent {relayed}, deliveries expected {expected}, received {latencies.Count}");
        }
        result.MeasuredSeconds = cpu.WallSeconds;
        result.DeliveriesPerSecond = result.Deliveries / seconds;
        result.LatencyFromCommitMs = LatencySummary.Of(latencies.ToList());
        ScenarioRunner.FinishCpu(result, cpu);
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
        return result;
    }
}
