using System.Globalization;

namespace LiveDesk.Bench;

/// <summary>Command-line options. Every scenario has defaults from the issue; --n, --rate and --duration override.</summary>
public sealed record BenchOptions
{
    public string Scenario { get; init; } = "s1";

    /// <summary>Connections (S1, S2, S3) or listening clients (S4).</summary>
    public int? N { get; init; }

    /// <summary>Writes per second (S1), or total writes (S4), or broadcasts (S2), or events per client (S3).</summary>
    public double? Rate { get; init; }

    public TimeSpan? Duration { get; init; }

    /// <summary>S2: broadcasts before the measured ones, the same for every server (JIT tier-up, pools). A freshly
    /// started .NET server spends its first seconds of fan-out recompiling hot code at tier 1, which at 20 measured
    /// broadcasts was most of what S2 measured. S5 announce: announcements before the measured one (1), for the same
    /// reason; the first one's time is reported too.</summary>
    public int? Warmup { get; init; }

    public const int DefaultS2Warmup = 150;
    public const int DefaultS2Broadcasts = 100;

    /// <summary>Which systems to run side by side: livedesk, naive, floor, socketio.</summary>
    public IReadOnlyList<string> Modes { get; init; } = [];

    public string Provider { get; init; } = "sqlite";

    /// <summary>S1, S3, S4: the SDK's transport (the product default, native, unless asked). S2 runs both.</summary>
    public LiveDesk.Client.LiveTransport Transport { get; init; } = LiveDesk.Client.LiveTransport.Native;
    public string? Postgres { get; init; } = Environment.GetEnvironmentVariable("LIVEDESK_BENCH_POSTGRES");

    /// <summary>A running server instead of starting one; needs its signing key and database.</summary>
    public Uri? Target { get; init; }
    public int? TargetPid { get; init; }
    public string? SigningKey { get; init; }
    public string? DbConnection { get; init; }

    public int Concurrency { get; init; } = 32;

    /// <summary>S5 count: notifications stored before timing unread-count (100,000).</summary>
    public int? Notifications { get; init; }

    /// <summary>S5 count: unread-count requests timed (2,000 for random users, a quarter of that for the heaviest).</summary>
    public int? Requests { get; init; }

    /// <summary>S5 announce: audience sizes, one announcement (and one fresh server) each.</summary>
    public IReadOnlyList<int> Audiences { get; init; } = [];

    /// <summary>S5 announce: how many of the audience are connected (5,000, or all of a smaller audience).</summary>
    public int? Connected { get; init; }

    /// <summary>Payload bytes for the peers' broadcast; 0 means "the size LiveDesk's own event was in this run".</summary>
    public int PayloadBytes { get; init; }

    /// <summary>Added to the result file name (e.g. a tuning experiment) so runs do not overwrite each other.</summary>
    public string? Label { get; init; }

    /// <summary>s9: the flooding user's connections (the server's per-user cap, 20).</summary>
    public int FloodConnections { get; init; } = 20;

    public string OutputDirectory { get; init; } = Infrastructure.RepoPaths.ResultsDir;

    /// <summary>Extra environment for the started LiveDesk server, e.g. LiveDesk__Realtime__ConnectionBufferBytes=16384.</summary>
    public IReadOnlyDictionary<string, string> ServerEnvironment { get; init; } = new Dictionary<string, string>();

    public string ResultName => Label is { Length: > 0 } ? $"{Scenario}-{Label}" : Scenario;

    public static string Usage => """
        LiveDesk.Bench: measures the live data path.

          dotnet run -c Release --project bench/LiveDesk.Bench -- --scenario s1|s2|s3|s4|s5|s6|s7|s8|s9 [options]

          --n N                connections (s1 and s9 1000, s2 5000, s3 2000, s5 notify 1000), listeners (s4 100), contacts
                               (s6 100000) or typing participants (s7 50) or campaign recipients (s8 10000)
          --rate R             s1, s9 and s5 notify writes/s (50); s2 broadcasts (100); s3 events per client (100); s4 total
                               writes (10000); s6 requests of each kind (300); s8 the server's mail rate cap per second (1000)
          --warmup W           s2 broadcasts before measuring, for every server alike (150); s5 announce: warm-up
                               announcements before the measured one (1)
          --duration SECONDS   s1, s9 and s5 notify write phase (60)
          --modes a,b          s1: livedesk,naive   s2: livedesk,livedesk-native,floor,socketio   s9: quiet,flood
          --flood-connections F  s9: connections of the flooding user (20, the per-user cap)
                               s5: notify,count,announce (default: all)
          --notifications K    s5 count: notifications stored (100000; a tenth of them belong to one user)
          --requests R         s5 count: unread-count requests for random users (2000), and a quarter of that for the
                               user with the most
          --audiences a,b      s5 announce: audience sizes, one announcement and fresh server each (1000,2500,5000,10000)
          --connected C        s5 announce: connected recipients, spread evenly over the audience (5000, at most all)
          --transport T        s1, s3, s4: the SDK's transport, native (default) or signalr
          --provider P         sqlite (default) or postgres (needs --postgres or LIVEDESK_BENCH_POSTGRES)
          --postgres CS        admin connection string of a throwaway PostgreSQL (bench/with-postgres.sh sets it)
          --concurrency C      s4 writers (32)
          --payload-bytes B    peer payload size (default: LiveDesk's measured event size in the same run)
          --server-env K=V     extra environment for the started server (repeatable)
          --label L            result file suffix
          --out DIR            results directory (bench/results)
          --target URL --signing-key K --db-connection CS [--target-pid PID]   use a running server
        """;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        var env = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            double Number() => double.Parse(Next(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--scenario" => options with { Scenario = Next().ToLowerInvariant() },
                "--n" => options with { N = (int)Number() },
                "--rate" => options with { Rate = Number() },
                "--warmup" => options with { Warmup = (int)Number() },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Number()) },
                "--modes" => options with { Modes = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--naive" => options with { Modes = ["livedesk", "naive"] },
                "--transport" => options with { Transport = ParseTransport(Next()) },
                "--provider" => options with { Provider = Next().ToLowerInvariant() },
                "--postgres" => options with { Postgres = Next() },
                "--target" => options with { Target = new Uri(Next()) },
                "--target-pid" => options with { TargetPid = (int)Number() },
                "--signing-key" => options with { SigningKey = Next() },
                "--db-connection" => options with { DbConnection = Next() },
                "--concurrency" => options with { Concurrency = (int)Number() },
                "--notifications" => options with { Notifications = (int)Number() },
                "--requests" => options with { Requests = (int)Number() },
                "--audiences" => options with { Audiences = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() },
                "--connected" => options with { Connected = (int)Number() },
                "--payload-bytes" => options with { PayloadBytes = (int)Number() },
                "--label" => options with { Label = Next() },
                "--flood-connections" => options with { FloodConnections = (int)Number() },
                "--out" => options with { OutputDirectory = Path.GetFullPath(Next()) },
                "--server-env" => AddEnv(options, env, Next()),
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
        }
        return options;
    }

    private static LiveDesk.Client.LiveTransport ParseTransport(string value) => value.ToLowerInvariant() switch
    {
        "native" => LiveDesk.Client.LiveTransport.Native,
        "signalr" => LiveDesk.Client.LiveTransport.SignalR,
        _ => throw new ArgumentException($"--transport expects native or signalr, got {value}."),
    };

    private static BenchOptions AddEnv(BenchOptions options, Dictionary<string, string> env, string pair)
    {
        var eq = pair.IndexOf('=');
        if (eq <= 0)
        {
            throw new ArgumentException($"--server-env expects KEY=VALUE, got {pair}.");
        }
        env[pair[..eq]] = pair[(eq + 1)..];
        return options with { ServerEnvironment = new Dictionary<string, string>(env) };
    }
}
