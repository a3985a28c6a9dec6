using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using LiveDesk.Bench.Infrastructure;
using LiveDesk.Client;
using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Bench.Clients;

/// <summary>A fleet client's live connection, whichever transport carries it.</summary>
public interface IFleetConnection : IAsyncDisposable
{
    /// <summary>Returns once connected (and, for the SDK, resumed).</summary>
    Task StartAsync(CancellationToken ct);

    Task StopAsync();
}

/// <summary>The .NET SDK over SignalR: cursor, resume, dedupe and reconnects included.</summary>
public sealed class SdkFleetConnection(LiveConnection connection) : IFleetConnection
{
    public LiveConnection Connection { get; } = connection;

    public Task StartAsync(CancellationToken ct) => Connection.StartAsync(ct);

    public Task StopAsync() => Connection.StopAsync();

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}

/// <summary>A raw client of the native framing (<c>/live/ws</c>): its automatic rooms, live events only, no resume.
/// Enough for fan-out (S2); the SDK does not speak this framing yet.</summary>
public sealed class NativeFleetConnection(Uri baseAddress, string token, WireCounter wire, Action<EventEnvelope> onEvent)
    : IFleetConnection
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private WebSocket? _socket;
    private CancellationTokenSource? _stop;
    private Task? _receiving;

    public async Task StartAsync(CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        // Small client buffers: the generator holds thousands of these.
        socket.Options.SetBuffer(4096, 4096);
        socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
        await socket.ConnectAsync(new Uri($"ws://{baseAddress.Authority}{NativeProtocol.Path}"), ct).ConfigureAwait(false);
        _socket = new CountingWebSocket(socket, wire);
        _stop = new CancellationTokenSource();
        _receiving = Task.Run(() => ReceiveAsync(_socket, _stop.Token), CancellationToken.None);
    }

    public async Task StopAsync()
    {
        if (_stop is null || _socket is null || _receiving is null)
        {
            return;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Abort();
        await _receiving.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _socket?.Dispose();
        _stop?.Dispose();
    }

    private async Task ReceiveAsync(WebSocket socket, CancellationToken ct)
    {
        var buffer = new byte[4096];
        using var message = new MemoryStream();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), ct).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }
                var events = JsonSerializer.Deserialize<EventsMessage>(message.GetBuffer().AsSpan(0, (int)message.Length), s_json);
                message.SetLength(0);
                if (events is { Type: NativeProtocol.Messages.Events })
                {
                    foreach (var envelope in events.Events)
                    {
                        onEvent(envelope);
                    }
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
