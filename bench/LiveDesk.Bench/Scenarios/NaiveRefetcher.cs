using System.Threading.Channels;
using LiveDesk.Bench.Clients;
using LiveDesk.Client;
using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Bench.Scenarios;

/// <summary>The model LiveDesk replaces: every event makes the client refetch its whole ticket list over REST. Each
/// client refetches once per event, one request at a time, in order.</summary>
public sealed class NaiveRefetcher : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly Dictionary<FleetClient, (LiveDeskApiClient Api, Channel<long> Queue)> _clients = new(ReferenceEqualityComparer.Instance);
    private readonly List<Task> _loops = [];
    private readonly CancellationTokenSource _stop = new();
    private long _requested;
    private long _done;
    private long _failed;

    public NaiveRefetcher(Uri baseAddress)
    {
        Handler = new CountingHandler(Wire, new SocketsHttpHandler { MaxConnectionsPerServer = 256 });
        _http = new HttpClient(Handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public WireCounter Wire { get; } = new();
    public CountingHandler Handler { get; }
    public long Requested => Interlocked.Read(ref _requested);
    public long Done => Interlocked.Read(ref _done);
    public long Failed => Interlocked.Read(ref _failed);

    public void Attach(IEnumerable<FleetClient> clients)
    {
        foreach (var client in clients)
        {
            var api = new LiveDeskApiClient(_http) { AccessToken = client.User.Token };
            var queue = Channel.CreateUnbounded<long>(new UnboundedChannelOptions { SingleReader = true });
            _clients[client] = (api, queue);
            _loops.Add(Task.Run(() => LoopAsync(api, queue.Reader)));
        }
    }

    /// <summary>Called on the connection's dispatch thread; only queues, never blocks it.</summary>
    public void OnEvent(FleetClient client, EventEnvelope envelope)
    {
        if (_clients.TryGetValue(client, out var entry))
        {
            Interlocked.Increment(ref _requested);
            entry.Queue.Writer.TryWrite(envelope.Seq);
        }
    }

    private async Task LoopAsync(LiveDeskApiClient api, ChannelReader<long> queue)
    {
        try
        {
            await foreach (var _ in queue.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    await api.ListTicketsAsync(ct: _stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is LiveDeskApiException or HttpRequestException or TaskCanceledException && !_stop.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _failed);
                }
                Interlocked.Increment(ref _done);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var (api, queue) in _clients.Values)
        {
            queue.Writer.TryComplete();
            api.Dispose();
        }
        await Task.WhenAll(_loops);
        _http.Dispose();
        _stop.Dispose();
    }
}
