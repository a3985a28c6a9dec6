using System.Collections.Concurrent;
using System.Diagnostics;
using LiveDesk.Client;
using LiveDesk.Contracts.Tickets;

namespace LiveDesk.Bench.Clients;

/// <summary>Drives ticket writes (updates, or assignments in S5) through the REST API as the bench admin, at a rate or
/// as fast as the server takes them, and remembers when each write's response returned.</summary>
public sealed class WriteDriver : IDisposable
{
    private readonly HttpClient _http;
    private readonly LiveDeskApiClient _api;
    private readonly List<double> _latencies = [];
    private long _ok;
    private long _failed;
    private long _sequence;

    public WriteDriver(Uri baseAddress, string adminToken, int maxConnections = 64)
    {
        Handler = new CountingHandler(Wire, new SocketsHttpHandler { MaxConnectionsPerServer = maxConnections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        _http = new HttpClient(Handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        _api = new LiveDeskApiClient(_http) { AccessToken = adminToken };
    }

    public WireCounter Wire { get; } = new();
    public CountingHandler Handler { get; }
    public long Ok => Interlocked.Read(ref _ok);
    public long Failed => Interlocked.Read(ref _failed);
    public string? LastError { get; private set; }

    /// <summary>When each (ticket, version)'s write response returned, in Unix ms.</summary>
    public ConcurrentDictionary<(long EntityId, long Version), double> ResponseAt { get; } = new();

    public List<double> WriteLatencies()
    {
        lock (_latencies)
        {
            return [.. _latencies];
        }
    }

    /// <summary>One ticket.updated event: a new title of fixed length, so every event has the same size.</summary>
    public Task<TicketDto?> UpdateAsync(long ticketId, int titleLength = 40, CancellationToken ct = default)
    {
        var n = Interlocked.Increment(ref _sequence);
        var title = $"Bench update {n:D10} ".PadRight(titleLength, 'x')[..titleLength];
        return TimedAsync(api => api.UpdateTicketAsync(ticketId, new UpdateTicketRequest(Title: title), ct: ct), ct);
    }

    /// <summary>One ticket.assigned event, which also notifies the new assignee (S5).</summary>
    public Task<TicketDto?> AssignAsync(long ticketId, long assigneeId, CancellationToken ct = default) =>
        TimedAsync(api => api.AssignAsync(ticketId, assigneeId, ct: ct), ct);

    private async Task<TicketDto?> TimedAsync(Func<LiveDeskApiClient, Task<TicketDto>> write, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var ticket = await write(_api).ConfigureAwait(false);
            ResponseAt[(ticket.Id, ticket.Version)] = LiveFleet.UnixMsNow();
            lock (_latencies)
            {
                _latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
            Interlocked.Increment(ref _ok);
            return ticket;
        }
        catch (Exception e) when (e is LiveDeskApiException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failed);
            LastError = e.Message;
            return null;
        }
    }

    /// <summary>Starts one write every 1/rate seconds for the duration (open loop: a slow server does not slow the
    /// schedule), with at most <paramref name="maxInFlight"/> outstanding.</summary>
    public Task RunAtRateAsync(Func<long, long> pickTicket, double rate, TimeSpan duration, int maxInFlight, CancellationToken ct = default) =>
        RunAtRateAsync((i, token) => UpdateAsync(pickTicket(i), ct: token), rate, duration, maxInFlight, ct);

    /// <summary>The same schedule for any write: <paramref name="write"/> gets the write's number.</summary>
    public async Task RunAtRateAsync(Func<long, CancellationToken, Task> write, double rate, TimeSpan duration, int maxInFlight,
        CancellationToken ct = default)
    {
        using var gate = new SemaphoreSlim(maxInFlight);
        var pending = new List<Task>();
        var clock = Stopwatch.StartNew();
        var total = (long)(rate * duration.TotalSeconds);
        for (long i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, ct).ConfigureAwait(false);
            }
            await gate.WaitAsync(ct).ConfigureAwait(false);
            var number = i;
            pending.Add(Task.Run(async () =>
            {
                try
                {
                    await write(number, ct).ConfigureAwait(false);
                }
                finally
                {
                    gate.Release();
                }
            }, ct));
        }
        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    /// <summary>Closed loop: <paramref name="concurrency"/> writers, each sending its next write when the last returns.</summary>
    public async Task RunAsFastAsync(Func<long, long> pickTicket, long total, int concurrency, CancellationToken ct = default)
    {
        long next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            long i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                await UpdateAsync(pickTicket(i), ct: ct).ConfigureAwait(false);
            }
        }, ct));
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _api.Dispose();
        _http.Dispose();
    }
}
