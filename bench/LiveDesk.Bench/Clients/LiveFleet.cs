using System.Collections.Concurrent;
using System.Net.WebSockets;
using LiveDesk.Bench.Accounting;
using LiveDesk.Bench.Infrastructure;
using LiveDesk.Client;
using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Bench.Clients;

/// <summary>One bench user's live connection through the .NET SDK, recording what it applied and when.</summary>
public sealed class FleetClient(BenchUser user, IFleetConnection connection)
{
    private readonly Lock _lock = new();
    private readonly List<long> _seqs = [];
    private readonly List<double> _receivedAtMs = [];

    public BenchUser User { get; } = user;
    public IFleetConnection Connection { get; } = connection;
    public int Resets;
    public int RecoveredResumes;
    public TaskCompletionSource<ResumeResult>? NextResume;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _seqs.Count;
            }
        }
    }

    public void Record(long seq, double receivedAtMs)
    {
        lock (_lock)
        {
            _seqs.Add(seq);
            _receivedAtMs.Add(receivedAtMs);
        }
    }

    public (long[] Seqs, double[] ReceivedAtMs) Snapshot()
    {
        lock (_lock)
        {
            return ([.. _seqs], [.. _receivedAtMs]);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _seqs.Clear();
            _receivedAtMs.Clear();
        }
    }
}

/// <summary>N live connections as real users, over WebSockets, through <see cref="LiveConnection"/>.</summary>
public sealed class LiveFleet : IAsyncDisposable
{
    private readonly List<FleetClient> _clients = [];

    public LiveFleet(Uri baseAddress, IEnumerable<BenchUser> users, LiveFleetOptions options)
    {
        Options = options;
        foreach (var user in users)
        {
            _clients.Add(options.Native ? CreateNative(baseAddress, user) : CreateSdk(baseAddress, user));
        }
    }

    private FleetClient CreateSdk(Uri baseAddress, BenchUser user)
    {
        var token = user.Token;
        var connectionOptions = new LiveConnectionOptions
        {
            Transport = Options.Transport,
            // Small client buffers: the generator holds thousands of these.
            ConfigureWebSocket = socket => socket.SetBuffer(4096, 4096),
            WebSocketFactory = async (socket, url, ct) =>
            {
                await socket.ConnectAsync(url, ct).ConfigureAwait(false);
                return new CountingWebSocket(socket, Wire);
            },
            SkipNegotiation = true,
            CursorSyncInterval = Options.CursorSync,
            ConfigureHttpConnection = http => http.WebSocketFactory = async (context, ct) =>
            {
                var socket = new ClientWebSocket();
                // Small client buffers: the generator holds thousands of these.
                socket.Options.SetBuffer(4096, 4096);
                socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
                await socket.ConnectAsync(context.Uri, ct).ConfigureAwait(false);
                return new CountingWebSocket(socket, Wire);
            },
        };
        var connection = new LiveConnection(baseAddress, () => Task.FromResult<string?>(token), connectionOptions);
        var client = new FleetClient(user, new SdkFleetConnection(connection));
        connection.EventReceived += envelope => OnEvent(client, envelope);
        connection.Reset += _ => Interlocked.Increment(ref client.Resets);
        connection.Resumed += result =>
        {
            if (result.Recovered)
            {
                Interlocked.Increment(ref client.RecoveredResumes);
            }
            client.NextResume?.TrySetResult(result);
        };
        return client;
    }

    private FleetClient CreateNative(Uri baseAddress, BenchUser user)
    {
        FleetClient? client = null;
        client = new FleetClient(user, new NativeFleetConnection(baseAddress, user.Token, Wire, envelope => OnEvent(client!, envelope)));
        return client;
    }

    private void OnEvent(FleetClient client, EventEnvelope envelope)
    {
        client.Record(envelope.Seq, UnixMsNow());
        CommitTimes.TryAdd(envelope.Seq, new EventStamp(envelope.At.ToUnixTimeMilliseconds(), envelope.EntityId, envelope.Version));
        Options.OnEvent?.Invoke(client, envelope);
    }

    public LiveFleetOptions Options { get; }
    public IReadOnlyList<FleetClient> Clients => _clients;
    public WireCounter Wire { get; } = new();

    /// <summary>Commit time (the envelope's <c>at</c>, Unix ms) of every event any client applied.</summary>
    public ConcurrentDictionary<long, EventStamp> CommitTimes { get; } = new();

    public long TotalReceived => _clients.Sum(c => (long)c.Count);

    public static double UnixMsNow() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerMillisecond;

    /// <summary>Starts every connection, <paramref name="parallelism"/> at a time, reporting progress.</summary>
    public async Task StartAllAsync(int parallelism, Action<int>? progress = null, CancellationToken ct = default)
    {
        var started = 0;
        await Parallel.ForEachAsync(_clients, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct },
            async (client, token) =>
            {
                await client.Connection.StartAsync(token).ConfigureAwait(false);
                progress?.Invoke(Interlocked.Increment(ref started));
            }).ConfigureAwait(false);
    }

    public async Task StopAllAsync(int parallelism = 256)
    {
        await Parallel.ForEachAsync(_clients, new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (client, _) => await client.Connection.StopAsync().ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>Waits until no client has received anything for <paramref name="quiet"/> (or <paramref name="max"/>
    /// passes), so the loss check runs after in-flight events have landed.</summary>
    public async Task SettleAsync(Func<bool> done, TimeSpan quiet, TimeSpan max)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var last = TotalReceived;
        var lastChange = clock.Elapsed;
        while (clock.Elapsed < max && !done())
        {
            await Task.Delay(100).ConfigureAwait(false);
            var now = TotalReceived;
            if (now != last)
            {
                last = now;
                lastChange = clock.Elapsed;
            }
            else if (clock.Elapsed - lastChange > quiet)
            {
                return;
            }
        }
    }

    public IReadOnlyList<ClientReceipts> Receipts() =>
        _clients.Select(c => new ClientReceipts(c.User.Email, c.User.AutomaticRooms, c.Snapshot().Seqs)).ToList();

    /// <summary>End-to-end latency of every delivery: receive time minus the envelope's commit time.</summary>
    public List<double> LatenciesFromCommit(long afterSeq = 0)
    {
        var latencies = new List<double>();
        foreach (var client in _clients)
        {
            var (seqs, at) = client.Snapshot();
            for (var i = 0; i < seqs.Length; i++)
            {
                if (seqs[i] > afterSeq && CommitTimes.TryGetValue(seqs[i], out var stamp))
                {
                    latencies.Add(at[i] - stamp.AtMs);
                }
            }
        }
        return latencies;
    }

    /// <summary>Receive time minus the moment the write's HTTP response returned to the writer (negative when the
    /// event arrived first).</summary>
    public List<double> LatenciesFromResponse(IReadOnlyDictionary<(long EntityId, long Version), double> responseAt, long afterSeq = 0)
    {
        var latencies = new List<double>();
        foreach (var client in _clients)
        {
            var (seqs, at) = client.Snapshot();
            for (var i = 0; i < seqs.Length; i++)
            {
                if (seqs[i] > afterSeq && CommitTimes.TryGetValue(seqs[i], out var stamp) && responseAt.TryGetValue((stamp.EntityId, stamp.Version), out var response))
                {
                    latencies.Add(at[i] - response);
                }
            }
        }
        return latencies;
    }

    public async ValueTask DisposeAsync()
    {
        await Parallel.ForEachAsync(_clients, new ParallelOptions { MaxDegreeOfParallelism = 256 },
            async (client, _) => await client.Connection.DisposeAsync().ConfigureAwait(false)).ConfigureAwait(false);
    }
}

public sealed record LiveFleetOptions
{
    /// <summary>The SDK's periodic resume; its default (30 s) unless a scenario turns it off for a like-for-like run.</summary>
    public TimeSpan? CursorSync { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Connect with a raw client of the native WebSocket framing (<c>/live/ws</c>) instead of the SDK: live
    /// events of the automatic rooms only, no cursor sync or resume (S2, like the floor's clients).</summary>
    public bool Native { get; init; }

    /// <summary>The SDK's transport, when not <see cref="Native"/>.</summary>
    public LiveTransport Transport { get; init; } = LiveTransport.Native;

    /// <summary>Runs on the connection's dispatch thread for every applied event (the naive model refetches here).</summary>
    public Action<FleetClient, EventEnvelope>? OnEvent { get; init; }
}

public readonly record struct EventStamp(long AtMs, long EntityId, long Version);
