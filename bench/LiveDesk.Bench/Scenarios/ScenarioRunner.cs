using LiveDesk.Bench.Clients;
using LiveDesk.Bench.Infrastructure;

namespace LiveDesk.Bench.Scenarios;

/// <summary>Runs the modes of one scenario back to back, so their ratios come from the same minutes of the machine.</summary>
public static class ScenarioRunner
{
    public static async Task<List<RunResult>> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var results = new List<RunResult>();
        switch (options.Scenario)
        {
            case "s1":
                foreach (var mode in ModesOr(options, "livedesk"))
                {
                    results.Add(await LiveDeskScenarios.SteadyDeskAsync(options, naive: mode == "naive", ct));
                }
                break;
            case "s2":
                var payload = options.PayloadBytes;
                foreach (var mode in ModesOr(options, "livedesk", "livedesk-native", "floor", "socketio"))
                {
                    var result = mode switch
                    {
                        "livedesk" => await LiveDeskScenarios.FanOutAsync(options, native: false, ct),
                        "livedesk-native" => await LiveDeskScenarios.FanOutAsync(options, native: true, ct),
                        "floor" => await PeerFanOut.RunAsync(options, PeerKind.Floor, payload, ct),
                        "socketio" => await PeerFanOut.RunAsync(options, PeerKind.SocketIo, payload, ct),
                        _ => throw new ArgumentException($"s2 has no mode {mode}."),
                    };
                    if (payload == 0 && mode is "livedesk" or "livedesk-native")
                    {
                        // The peers send what LiveDesk put on the wire per delivery, so sizes match.
                        payload = (int)Math.Round(result.WireBytesPerDelivery);
                    }
                    results.Add(result);
                }
                break;
            case "s3":
                results.Add(await LiveDeskScenarios.ReconnectStormAsync(options, ct));
                break;
            case "s4":
                results.Add(await LiveDeskScenarios.WriteBurstAsync(options, ct));
                break;
            case "s5":
                foreach (var mode in ModesOr(options, "notify", "count", "announce"))
                {
                    results.AddRange(await NotificationScenario.RunAsync(options, mode, ct));
                }
                break;
            case "s6":
                results.Add(await CrmScenarios.ListsAndSearchAsync(options, ct));
                break;
            case "s7":
                results.Add(await TypingScenario.RunAsync(options, ct));
                break;
            case "s8":
                results.Add(await CampaignScenario.RunAsync(options, ct));
                break;
            case "s9":
                // The same steady desk without and with a flooding user, back to back, so the p99s compare.
                foreach (var mode in ModesOr(options, "quiet", "flood"))
                {
                    results.Add(await LiveDeskScenarios.SteadyDeskAsync(options, naive: false, ct, flood: mode == "flood"));
                }
                break;
            default:
                throw new ArgumentException($"Unknown scenario {options.Scenario}; expected s1, s2, s3, s4, s5, s6, s7, s8 or s9.");
        }
        AddRatios(results);
        return results;
    }

    private static IEnumerable<string> ModesOr(BenchOptions options, params string[] defaults) =>
        options.Modes.Count > 0 ? options.Modes : defaults;

    /// <summary>Each other mode against each LiveDesk transport, taken in the same run.</summary>
    private static void AddRatios(List<RunResult> results)
    {
        foreach (var ours in results.Where(r => r.Mode is "livedesk" or "livedesk-native").ToList())
        {
            foreach (var other in results.Where(r => r != ours && r.Mode != "livedesk-native"))
            {
                if (other.Mode == "naive")
                {
                    ours.Notes.Add($"vs naive: API calls per event {Ratio(ours.ApiCallsPerEvent, other.ApiCallsPerEvent)} " +
                        $"({Reduction(ours.ApiCallsPerEvent, other.ApiCallsPerEvent)} fewer), bytes per event {Ratio(ours.BytesPerEvent, other.BytesPerEvent)} " +
                        $"({Reduction(ours.BytesPerEvent, other.BytesPerEvent)} fewer), server CPU per event {Ratio(ours.ServerCpuMillisPerEvent, other.ServerCpuMillisPerEvent)}");
                    continue;
                }
                ours.Notes.Add($"vs {other.Mode}: CPU per delivery {Ratio(ours.ServerCpuMicrosPerDelivery, other.ServerCpuMicrosPerDelivery)}, " +
                    $"deliveries per core-second {Ratio(ours.DeliveriesPerServerCoreSecond, other.DeliveriesPerServerCoreSecond)}, " +
                    $"median time to last {Ratio(ours.TimeToLastMs?.P50 ?? double.NaN, other.TimeToLastMs?.P50 ?? double.NaN)}, " +
                    $"idle memory per connection {Ratio(ours.IdleKiBPerConnection, other.IdleKiBPerConnection)}");
            }
        }
    }

    private static string Ratio(double ours, double theirs) => $"{ours / theirs:0.00}x";

    private static string Reduction(double ours, double theirs) => $"{(1 - ours / theirs) * 100:0.0}%";

    /// <summary>Server RSS before and after connecting, per connection; resets the peak for the measured phase.</summary>
    public static async Task MeasureConnectAsync(RunResult result, int? pid, int connections, Func<Task> connect)
    {
        long baseline = pid is { } p0 ? ProcStats.RssKiB(p0) : 0;
        await connect();
        if (pid is { } p)
        {
            // Idle memory is read once the connects' transient work (handshakes, GC) has settled.
            await ProcStats.WaitUntilQuietAsync(p, TimeSpan.FromSeconds(10));
            var connected = ProcStats.RssKiB(p);
            result.ServerRssBaselineMiB = baseline / 1024.0;
            result.ServerRssConnectedMiB = connected / 1024.0;
            result.IdleKiBPerConnection = (connected - baseline) / (double)connections;
            ProcStats.ResetPeak(p);
        }
        result.Connections = connections;
    }

    public static void FinishPeak(RunResult result, int? pid, int connections)
    {
        if (pid is { } p)
        {
            result.PeakKiBPerConnection = (ProcStats.PeakRssKiB(p) - result.ServerRssBaselineMiB * 1024) / connections;
        }
    }

    public static void FinishCpu(RunResult result, CpuMeter cpu)
    {
        result.ServerCpuSeconds = cpu.ServerSeconds;
        result.GeneratorCpuSeconds = cpu.GeneratorSeconds;
        if (result.Deliveries > 0)
        {
            result.ServerCpuMicrosPerDelivery = result.ServerCpuSeconds * 1e6 / result.Deliveries;
            result.DeliveriesPerServerCoreSecond = result.Deliveries / result.ServerCpuSeconds;
        }
        if (result.Events > 0)
        {
            result.ServerCpuMillisPerEvent = result.ServerCpuSeconds * 1e3 / result.Events;
        }
        result.LoadAverageAfter = ProcStats.LoadAverage();
    }

    public static async Task<LiveDeskTarget> OpenTargetAsync(BenchOptions options, CancellationToken ct)
    {
        if (options.Target is { } url)
        {
            if (options.SigningKey is null || options.DbConnection is null)
            {
                throw new ArgumentException("--target needs --signing-key and --db-connection (to seed users and read the log).");
            }
            return LiveDeskTarget.Existing(url, options.TargetPid, options.Provider, options.DbConnection, options.SigningKey);
        }
        Console.WriteLine($"  starting LiveDesk ({options.Provider}) ...");
        return await LiveDeskTarget.StartAsync(options.Provider, options.Postgres, options.ServerEnvironment, ct);
    }
}
