using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using LiveDesk.Bench.Accounting;
using LiveDesk.Bench.Clients;
using LiveDesk.Bench.Infrastructure;

namespace LiveDesk.Bench.Scenarios;

public enum PeerKind { Floor, SocketIo }

/// <summary>S2 against a baseline: the raw WebSocket floor (bench/peers/LiveDesk.Floor) or Socket.IO 4
/// (bench/peers/socketio). Same N, same room, same payload size, same generator process.</summary>
public static class PeerFanOut
{
    public static async Task<RunResult> RunAsync(BenchOptions options, PeerKind kind, int payloadBytes, CancellationToken ct)
    {
        var n = options.N ?? 5000;
        var broadcasts = (int)(options.Rate ?? BenchOptions.DefaultS2Broadcasts);
        var warmup = options.Warmup ?? BenchOptions.DefaultS2Warmup;
        payloadBytes = payloadBytes > 0 ? payloadBytes : 230;
        var mode = kind == PeerKind.Floor ? "floor" : "socketio";
        var result = new RunResult { Scenario = "s2", Mode = mode };
        result.Parameters["broadcasts"] = broadcasts.ToString(CultureInfo.InvariantCulture);
        result.Parameters["warmup"] = warmup.ToString(CultureInfo.InvariantCulture);
        result.Parameters["payloadBytes"] = payloadBytes.ToString(CultureInfo.InvariantCulture);
        Console.WriteLine($"S2 {mode}: {n} connections in one room, {broadcasts} broadcasts of {payloadBytes} bytes");

        var port = ChildProcess.FreePort();
        await using var server = kind == PeerKind.Floor
            ? await ChildProcess.StartAsync(ChildProcess.DotnetHost(), [RepoPaths.FloorDll, "--urls", $"http://127.0.0.1:{port}"],
                new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, Path.GetTempPath(), port, "health", ct)
            : await ChildProcess.StartAsync("node", [Path.Combine(RepoPaths.SocketIoPeerDir, "server.js")],
                new Dictionary<string, string> { ["PORT"] = port.ToString(CultureInfo.InvariantCulture), ["NODE_ENV"] = "production" },
                RepoPaths.SocketIoPeerDir, port, "health", ct);
        var receivers = new Receivers(n);
        var wire = new WireCounter();
        var disposers = new ConcurrentBag<Func<Task>>();
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        try
        {
            await ScenarioRunner.MeasureConnectAsync(result, server.Pid, n, async () =>
            {
                var connected = 0;
                await using (new ProgressReporter("connect", server.Pid, () => $"{connected}/{n} connected"))
                {
                    await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = ct },
                        async (i, token) =>
                        {
                            disposers.Add(kind == PeerKind.Floor
                                ? await ConnectRawAsync(server.BaseAddress, i, receivers, wire, token)
                                : await ConnectSocketIoAsync(server.BaseAddress, i, receivers, token));
                            Interlocked.Increment(ref connected);
                        });
                }
            });

            async Task BroadcastAsync(long seq)
            {
                using var response = await http.PostAsync($"broadcast?seq={seq}&size={payloadBytes}", null, ct);
                response.EnsureSuccessStatusCode();
                var clock = Stopwatch.StartNew();
                while (receivers.CountOf(seq) < n && clock.Elapsed < TimeSpan.FromSeconds(30))
                {
                    await Task.Delay(2, ct);
                }
            }

            // Warm-up, not measured: negative seqs, which the measured figures leave out.
            await using (new ProgressReporter("warm-up", server.Pid, () => $"{warmup} broadcasts"))
            {
                for (var seq = 1; seq <= warmup; seq++)
                {
                    await BroadcastAsync(-seq);
                }
            }
            var wire0 = wire.Received;
            result.LoadAverageBefore = ProcStats.LoadAverage();
            var cpu = new CpuMeter(server.Pid);
            await using (new ProgressReporter("s2", server.Pid, () => $"deliveries {receivers.Total}"))
            {
                for (var seq = 1; seq <= broadcasts; seq++)
                {
                    await BroadcastAsync(seq);
                }
            }
            result.MeasuredSeconds = cpu.WallSeconds;
            result.Events = broadcasts;
            var latencies = receivers.Latencies(seq => seq > 0);
            result.Deliveries = latencies.Sum(l => l.Value.Count);
            result.DeliveriesPerSecond = result.Deliveries / result.MeasuredSeconds;
            ScenarioRunner.FinishCpu(result, cpu);
            ScenarioRunner.FinishPeak(result, server.Pid, n);
            var all = latencies.Values.SelectMany(v => v).ToList();
            result.LatencyFromCommitMs = LatencySummary.Of(all);
            result.TimeToLastMs = LatencySummary.Of(latencies.Values.Select(v => v.Max()).ToList());
            result.Samples = all;
            result.WireBytesPerDelivery = kind == PeerKind.Floor
                ? (wire.Received - wire0) / (double)Math.Max(1, result.Deliveries)
                // Socket.IO frames the object as 42["events",{...}]: the payload plus the event name and the packet type.
                : payloadBytes + """42["events",]""".Length;
            // No log in a peer: "loss" is just whether every connection got every broadcast.
            var missing = (long)broadcasts * n - result.Deliveries;
            result.Loss = new LossReport(n, (long)broadcasts * n, result.Deliveries, Math.Max(0, missing), 0, 0, 0,
                missing > 0 ? receivers.ClientsMissing(broadcasts) : 0, []);
            Console.WriteLine($"  {mode}: {result.Deliveries} deliveries, median time to last {result.TimeToLastMs.P50:0.0} ms");
        }
        finally
        {
            await Parallel.ForEachAsync(disposers, new ParallelOptions { MaxDegreeOfParallelism = 128 }, async (dispose, _) =>
            {
                try
                {
                    await dispose();
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
                {
                }
            });
        }
        return result;
    }

    private static async Task<Func<Task>> ConnectRawAsync(Uri baseAddress, int index, Receivers receivers, WireCounter wire, CancellationToken ct)
    {
        var inner = new ClientWebSocket();
        inner.Options.SetBuffer(4096, 4096);
        await inner.ConnectAsync(new Uri($"ws://{baseAddress.Authority}/ws"), ct);
        var socket = new CountingWebSocket(inner, wire);
        var stop = new CancellationTokenSource();
        var loop = Task.Run(async () =>
        {
            var buffer = new byte[4096];
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var filled = 0;
                    ValueWebSocketReceiveResult received;
                    do
                    {
                        received = await socket.ReceiveAsync(buffer.AsMemory(filled), stop.Token);
                        filled += received.Count;
                    }
                    while (!received.EndOfMessage);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }
                    receivers.Record(index, buffer.AsSpan(0, filled));
                }
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        });
        return async () =>
        {
            await stop.CancelAsync();
            socket.Abort();
            await loop;
            socket.Dispose();
        };
    }

    private static async Task<Func<Task>> ConnectSocketIoAsync(Uri baseAddress, int index, Receivers receivers, CancellationToken ct)
    {
        var client = new SocketIOClient.SocketIO(baseAddress, new SocketIOClient.SocketIOOptions
        {
            Transport = SocketIOClient.Transport.TransportProtocol.WebSocket,
            EIO = 4,
            Reconnection = false,
            ConnectionTimeout = TimeSpan.FromSeconds(60),
        });
        client.On("events", response =>
        {
            var payload = response.GetValue<JsonElement>(0);
            receivers.Record(index, payload.GetProperty("seq").GetInt64(), payload.GetProperty("at").GetInt64());
        });
        await client.ConnectAsync().WaitAsync(ct);
        return async () =>
        {
            await client.DisconnectAsync();
            client.Dispose();
        };
    }

    /// <summary>What each peer client received: (seq, receive time - server stamp).</summary>
    private sealed class Receivers(int clients)
    {
        private readonly ConcurrentDictionary<long, int> _counts = new();
        private readonly List<(long Seq, double Latency)>[] _perClient =
            Enumerable.Range(0, clients).Select(_ => new List<(long, double)>()).ToArray();
        private long _total;

        public long Total => Interlocked.Read(ref _total);

        public int CountOf(long seq) => _counts.GetValueOrDefault(seq);

        public void Record(int client, ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json);
            long seq = 0, at = 0;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("seq"u8) && reader.Read())
                    {
                        seq = reader.GetInt64();
                    }
                    else if (reader.ValueTextEquals("at"u8) && reader.Read())
                    {
                        at = reader.GetInt64();
                        break;
                    }
                }
            }
            Record(client, seq, at);
        }

        public void Record(int client, long seq, long at)
        {
            var latency = LiveFleet.UnixMsNow() - at;
            lock (_perClient[client])
            {
                _perClient[client].Add((seq, latency));
            }
            _counts.AddOrUpdate(seq, 1, (_, c) => c + 1);
            Interlocked.Increment(ref _total);
        }

        public Dictionary<long, List<double>> Latencies(Func<long, bool> include)
        {
            var bySeq = new Dictionary<long, List<double>>();
            foreach (var list in _perClient)
            {
                lock (list)
                {
                    foreach (var (seq, latency) in list.Where(e => include(e.Seq)))
                    {
                        if (!bySeq.TryGetValue(seq, out var values))
                        {
                            bySeq[seq] = values = [];
                        }
                        values.Add(latency);
                    }
                }
            }
            return bySeq;
        }

        public int ClientsMissing(int broadcasts) => _perClient.Count(list =>
        {
            lock (list)
            {
                return list.Count(e => e.Seq > 0) < broadcasts;
            }
        });
    }
}
