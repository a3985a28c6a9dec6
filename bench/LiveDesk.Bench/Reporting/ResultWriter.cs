using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LiveDesk.Bench.Scenarios;

namespace LiveDesk.Bench.Reporting;

/// <summary>Writes bench/results/&lt;scenario&gt;.json, a Markdown table and a latency distribution plot.</summary>
public static class ResultWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public sealed record Files(string Json, string Markdown, string Plot);

    public static Files Write(BenchOptions options, IReadOnlyList<RunResult> results)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var name = options.ResultName;
        var files = new Files(
            Path.Combine(options.OutputDirectory, name + ".json"),
            Path.Combine(options.OutputDirectory, name + ".md"),
            Path.Combine(options.OutputDirectory, name + "-latency.png"));
        var document = new
        {
            Machine = new
            {
                Environment.ProcessorCount,
                Os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                Runtime = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                Cpu = CpuModel(),
            },
            Command = "dotnet run -c Release --project bench/LiveDesk.Bench -- " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            Results = results,
        };
        File.WriteAllText(files.Json, JsonSerializer.Serialize(document, Json));
        File.WriteAllText(files.Markdown, Markdown(name, results));
        Plot(name, results, files.Plot);
        return files;
    }

    public static string Markdown(string name, IReadOnlyList<RunResult> results)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"### {name}");
        md.AppendLine();
        md.Append("| Figure |");
        foreach (var r in results)
        {
            md.Append(CultureInfo.InvariantCulture, $" {r.Mode}{(r.Provider is { } p && r.Mode != "floor" && r.Mode != "socketio" ? $" ({p})" : "")} |");
        }
        md.AppendLine();
        md.Append("|---|");
        md.AppendLine(string.Concat(results.Select(_ => "---:|")));
        void Row(string label, Func<RunResult, string> value)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {label} |");
            foreach (var r in results)
            {
                md.Append(CultureInfo.InvariantCulture, $" {value(r)} |");
            }
            md.AppendLine();
        }
        static string F(double v, string format = "0.0") => double.IsNaN(v) || double.IsInfinity(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);
        static string Summary(LiveDesk.Bench.Accounting.LatencySummary? l) => l is { Count: > 0 } ? $"{F(l.P50)} / {F(l.P95)} / {F(l.P99)} / {F(l.Max)}" : "–";
        Row("connections", r => r.Connections.ToString(CultureInfo.InvariantCulture));
        Row("events (writes)", r => $"{r.Events}{(r.WriteFailures > 0 ? $" ({r.WriteFailures} failed)" : "")}");
        Row("deliveries", r => r.Deliveries.ToString(CultureInfo.InvariantCulture));
        if (results.Any(r => r.WritesPerSecond > 0))
        {
            Row("writes/s", r => F(r.WritesPerSecond));
        }
        Row("deliveries/s", r => F(r.DeliveriesPerSecond, "0"));
        if (results.Any(r => r.LatencyFromCommitMs is { Count: > 0 }))
        {
            Row("latency from commit p50 / p95 / p99 / max (ms)", r => r.LatencyFromCommitMs is { } l
                ? $"{F(l.P50)} / {F(l.P95)} / {F(l.P99)} / {F(l.Max)}" : "–");
        }
        if (results.Any(r => r.LatencyFromResponseMs is { Count: > 0 }))
        {
            Row("latency from HTTP response p50 / p99 (ms)", r => r.LatencyFromResponseMs is { Count: > 0 } l ? $"{F(l.P50)} / {F(l.P99)}" : "–");
        }
        if (results.Any(r => r.TimeToLastMs is { Count: > 0 }))
        {
            Row("time to last connection p50 / max (ms)", r => r.TimeToLastMs is { } l ? $"{F(l.P50)} / {F(l.Max)}" : "–");
        }
        if (results.Any(r => r.WriteLatencyMs is { Count: > 0 }))
        {
            Row("write (HTTP) p50 / p99 (ms)", r => r.WriteLatencyMs is { Count: > 0 } l ? $"{F(l.P50)} / {F(l.P99)}" : "–");
        }
        if (results.Any(r => r.ListFirstPageMs is { Count: > 0 }))
        {
            string Cell(LiveDesk.Bench.Accounting.LatencySummary? l) => l is { Count: > 0 } ? $"{F(l.P50)} / {F(l.P95)} / {F(l.P99)} / {F(l.Max)}" : "–";
            Row("contacts list, first page p50 / p95 / p99 / max (ms)", r => Cell(r.ListFirstPageMs));
            Row("contacts list, deep page p50 / p95 / p99 / max (ms)", r => Cell(r.ListDeepPageMs));
            Row("search by name p50 / p95 / p99 / max (ms)", r => Cell(r.SearchByNameMs));
            Row("search by email p50 / p95 / p99 / max (ms)", r => Cell(r.SearchByEmailMs));
        }
        if (results.Any(r => r.CampaignExact is not null))
        {
            Row("mails sent per second", r => F(r.SendsPerSecond));
            Row("progress events per second (most in one second)", r => $"{F(r.ProgressEventsPerSecond, "0.00")} ({r.MaxProgressEventsInOneSecond})");
            Row("mail recorded → counted on screen p50 / p95 / p99 / max (ms)", r => r.ProgressStalenessMs is { Count: > 0 } l
                ? $"{F(l.P50)} / {F(l.P95)} / {F(l.P99)} / {F(l.Max)}" : "–");
            Row("campaign check", r => r.CampaignExact is { } exact ? $"{(exact ? "exact" : "**WRONG**")}: {r.CampaignCheck}" : "–");
        }
        if (results.Any(r => r.NotificationLatencyMs is { Count: > 0 }))
        {
            Row("notification.created, commit → owner p50 / p95 / p99 / max (ms)", r => Summary(r.NotificationLatencyMs));
        }
        if (results.Any(r => r.NotificationLoss is not null))
        {
            Row("notifications vs table", r => r.NotificationLoss is { } l
                ? (l.Exact ? $"exact ({l.ReceivedDeliveries}/{l.ExpectedDeliveries})" : $"**LOSS**: missing {l.Missing}, unexpected {l.Unexpected}, dup {l.Duplicates}")
                : "–");
        }
        if (results.Any(r => r.UnreadCountMs is not null))
        {
            Row("notifications stored", r => r.NotificationsStored > 0 ? r.NotificationsStored.ToString(CultureInfo.InvariantCulture) : "–");
            Row("unread-count, random users p50 / p95 / p99 / max (ms)", r => Summary(r.UnreadCountMs));
            Row("unread-count, the user with a tenth of all p50 / p95 / p99 / max (ms)", r => Summary(r.UnreadCountHeavyMs));
            Row("unread-count answers", r => r.UnreadCountExact is { } exact ? $"{(exact ? "right" : "**WRONG**")}: {r.UnreadCountCheck}" : "–");
        }
        if (results.Any(r => r.Announcement is not null))
        {
            string A(RunResult r, Func<AnnouncementFigures, string> value) => r.Announcement is { } a ? value(a) : "–";
            Row("announcement: audience / connected / notifications in the table", r => A(r, a => $"{a.Recipients} / {a.Connected} / {a.Rows}"));
            Row("chunks; time between chunk stamps p50 / max (ms)", r => A(r, a => $"{a.Chunks}; {F(a.ChunkIntervalMs?.P50 ?? double.NaN)} / {F(a.ChunkIntervalMs?.Max ?? double.NaN)}"));
            Row("POST (HTTP round trip, ms)", r => A(r, a => F(a.PostMs)));
            Row("POST → announcement.delivered at an admin (ms)", r => A(r, a => F(a.PostToDeliveredEventMs, "0")));
            Row("CreatedAt → DeliveredAt in the table (ms)", r => A(r, a => F(a.CreatedToDeliveredAtMs, "0")));
            Row("last chunk's stamp → last connected recipient has it (ms)", r => A(r, a => F(a.LastChunkToLastConnectedMs, "0")));
            Row("POST → last connected recipient has it (ms)", r => A(r, a => F(a.PostToLastConnectedMs, "0")));
        }
        if (results.Any(r => r.RecoverySeconds is not null))
        {
            Row("all recovered after (s)", r => r.RecoverySeconds is { } s ? F(s, "0.00") : "–");
            Row("client recovery p50 / p99 (ms)", r => r.ClientRecoveryMs is { } l ? $"{F(l.P50, "0")} / {F(l.P99, "0")}" : "–");
        }
        Row("server CPU (s) / generator CPU (s) / wall (s)", r => $"{F(r.ServerCpuSeconds, "0.00")} / {F(r.GeneratorCpuSeconds, "0.00")} / {F(r.MeasuredSeconds, "0.0")}");
        Row("server CPU per delivery (µs)", r => F(r.ServerCpuMicrosPerDelivery, "0.0"));
        Row("deliveries per server core-second", r => F(r.DeliveriesPerServerCoreSecond, "0"));
        Row("server CPU per event (ms)", r => F(r.ServerCpuMillisPerEvent, "0.00"));
        Row("idle / peak RSS per connection (KiB)", r => $"{F(r.IdleKiBPerConnection)} / {F(r.PeakKiBPerConnection)}");
        Row("WebSocket payload bytes per delivery", r => F(r.WireBytesPerDelivery, "0"));
        if (results.Any(r => r.Mode == "naive"))
        {
            Row("API calls per event", r => F(r.ApiCallsPerEvent, "0.00"));
            Row("bytes per event (WS + HTTP)", r => F(r.BytesPerEvent, "0"));
        }
        Row("loss check", r => r.Loss is { } l
            ? (l.Exact ? $"exact ({l.ReceivedDeliveries}/{l.ExpectedDeliveries})" : $"**LOSS**: missing {l.Missing}, unexpected {l.Unexpected}, dup {l.Duplicates}")
            : "–");
        Row("load average before → after", r => $"{Short(r.LoadAverageBefore)} → {Short(r.LoadAverageAfter)}");
        md.AppendLine();
        foreach (var note in results.SelectMany(r => r.Notes.Select(n => $"{r.Mode}: {n}")))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
        }
        return md.ToString();
    }

    private static string Short(string loadavg) => string.Join(' ', loadavg.Split(' ').Take(3));

    private static void Plot(string name, IReadOnlyList<RunResult> results, string path)
    {
        var plot = new ScottPlot.Plot();
        foreach (var result in results.Where(r => r.Samples.Count > 0))
        {
            var sorted = result.Samples.ToArray();
            Array.Sort(sorted);
            // A CDF: x = latency, y = share of deliveries at or below it. Thinned to at most 2,000 points.
            var step = Math.Max(1, sorted.Length / 2000);
            var xs = new List<double>();
            var ys = new List<double>();
            for (var i = 0; i < sorted.Length; i += step)
            {
                xs.Add(sorted[i]);
                ys.Add((i + 1) * 100.0 / sorted.Length);
            }
            xs.Add(sorted[^1]);
            ys.Add(100);
            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray());
            line.LegendText = result.Mode + (result.Provider is { } p && result.Mode is "livedesk" or "livedesk-native" or "naive" ? $" ({p})" : "");
            line.LineWidth = 2;
        }
        var xLabel = name.StartsWith("s3", StringComparison.Ordinal) ? "time until the client recovered (ms)"
            : name.StartsWith("s4", StringComparison.Ordinal) ? "write latency, HTTP round trip (ms)"
            : name.StartsWith("s5", StringComparison.Ordinal) ? "notify, announce: commit to owner; count: unread-count round trip (ms)"
            : "latency from commit to client (ms)";
        plot.Title($"LiveDesk bench {name}: distribution");
        plot.XLabel(xLabel);
        plot.YLabel("% at or below");
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        plot.SavePng(path, 900, 500);
    }

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
