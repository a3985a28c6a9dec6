using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Client;

/// <summary>The live protocol over the native WebSocket at <c>/live/ws</c>. One loop reads messages in order and
/// hands events over before it looks at the next message, so when a request's reply is read, every events message
/// sent before it has already been handed over.</summary>
internal sealed class NativeLiveTransport(Uri baseAddress, Func<Task<string?>> accessTokenProvider, LiveConnectionOptions options)
    : ILiveTransport
{
    /// <summary>How long a request waits for its reply. Past it the link is taken for dead: the socket is aborted and
    /// the connection starts over (a half-open TCP link never answers and never closes by itself).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<long, TaskCompletionSource<NativeServerMessage>> _pending = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private WebSocket? _socket;

    // Set by the receive loop before it fails the pending requests; a request registered after that fails at once.
    private volatile bool _loopEnded = true;
    private CancellationTokenSource? _receiving;
    private Task? _receiveLoop;
    private long _nextId;
    private long _eventMessagesRead;

    public Action<EventEnvelope[]?>? EventsReceived { get; set; }

    public Action<SignalMessage>? SignalReceived { get; set; }

    public Action<Exception?>? Closed { get; set; }

    public bool IsConnected => !_loopEnded && Volatile.Read(ref _socket)?.State == WebSocketState.Open;

    public long EventMessagesRead => Interlocked.Read(ref _eventMessagesRead);

    public async Task StartAsync(CancellationToken ct)
    {
        await StopAsync().ConfigureAwait(false);
        var client = new ClientWebSocket();
        if (await accessTokenProvider().ConfigureAwait(false) is { Length: > 0 } token)
        {
            client.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        }
        // Our own pings, answered or the socket fails: a link that died silently (sleep, network change) is noticed.
        client.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        client.Options.KeepAliveTimeout = TimeSpan.FromSeconds(30);
        options.ConfigureWebSocket?.Invoke(client.Options);
        WebSocket socket;
        try
        {
            socket = options.WebSocketFactory is { } factory
                ? await factory(client, SocketUrl(baseAddress), ct).ConfigureAwait(false)
                : await ConnectAsync(client, SocketUrl(baseAddress), ct).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            throw;
        }
        var receiving = new CancellationTokenSource();
        Volatile.Write(ref _socket, socket);
        _loopEnded = false;
        _receiving = receiving;
        _receiveLoop = Task.Run(() => ReceiveAsync(socket, receiving.Token), CancellationToken.None);
    }

    public async Task StopAsync()
    {
        var socket = Volatile.Read(ref _socket);
        if (socket is null)
        {
            return;
        }
        if (socket.State == WebSocketState.Open)
        {
            // A polite close, briefly; a server that does not answer is cut off.
            using var closeTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, closeTimeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
            }
        }
        socket.Abort();
        if (_receiving is { } receiving)
        {
            await receiving.CancelAsync().ConfigureAwait(false);
        }
        if (_receiveLoop is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        socket.Dispose();
        FailPending(new OperationCanceledException("The live connection was stopped."));
        _receiving?.Dispose();
        _receiving = null;
        _receiveLoop = null;
        Volatile.Write(ref _socket, null);
    }

    public async Task<SubscribeResult> SubscribeAsync(string room, CancellationToken ct)
    {
        var reply = await RequestAsync(NativeProtocol.Requests.Subscribe, room, null, ct).ConfigureAwait(false);
        return new SubscribeResult(reply.Ok, reply.Error);
    }

    public async Task<SubscribeResult> UnsubscribeAsync(string room, CancellationToken ct)
    {
        var reply = await RequestAsync(NativeProtocol.Requests.Unsubscribe, room, null, ct).ConfigureAwait(false);
        return new SubscribeResult(reply.Ok, reply.Error);
    }

    public async Task<ResumeResult> ResumeAsync(Cursor? cursor, CancellationToken ct)
    {
        var reply = await RequestAsync(NativeProtocol.Requests.Resume, null, cursor, ct).ConfigureAwait(false);
        if (!reply.Ok || reply.Resume is null)
        {
            throw new InvalidOperationException($"The server refused resume: {reply.Error ?? "no result"}.");
        }
        return reply.Resume;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _sendLock.Dispose();
    }

    public async Task<SubscribeResult> SignalAsync(string room, string name, CancellationToken ct)
    {
        var reply = await RequestAsync(NativeProtocol.Requests.Signal, room, null, ct, name).ConfigureAwait(false);
        return new SubscribeResult(reply.Ok, reply.Error);
    }

    public async Task<SubscribeResult> ReauthenticateAsync(string token, CancellationToken ct)
    {
        var reply = await RequestAsync(NativeProtocol.Requests.Reauthenticate, null, null, ct, token: token).ConfigureAwait(false);
        return new SubscribeResult(reply.Ok, reply.Error);
    }

    private async Task<NativeServerMessage> RequestAsync(string type, string? room, Cursor? cursor, CancellationToken ct,
        string? name = null, string? token = null)
    {
        var socket = Volatile.Read(ref _socket) ?? throw new InvalidOperationException("The live connection is not open.");
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<NativeServerMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            // After registering: either the loop's final sweep sees this request, or this sees the loop has ended.
            if (_loopEnded)
            {
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, "The live connection is closed.");
            }
            var bytes = JsonSerializer.SerializeToUtf8Bytes(new NativeRequest(type, id, room, cursor, name, token), LiveDeskJson.Options);
            await _sendLock.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
            try
            {
                return await answer.Task.WaitAsync(RequestTimeout, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                socket.Abort(); // ends the receive loop, which reports the close: the connection starts over
                throw new TimeoutException($"The server did not answer {type} within {RequestTimeout.TotalSeconds:0} s; reconnecting.");
            }
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private void FailPending(Exception error)
    {
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(error);
        }
    }

    private static async Task<WebSocket> ConnectAsync(ClientWebSocket client, Uri url, CancellationToken ct)
    {
        await client.ConnectAsync(url, ct).ConfigureAwait(false);
        return client;
    }

    private async Task ReceiveAsync(WebSocket socket, CancellationToken ct)
    {
        Exception? error = null;
        var message = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                message.ResetWrittenCount();
                ValueWebSocketReceiveResult received;
                do
                {
                    received = await socket.ReceiveAsync(message.GetMemory(4096), ct).ConfigureAwait(false);
                    message.Advance(received.Count);
                }
                while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    error = new WebSocketException(WebSocketError.ConnectionClosedPrematurely,
                        $"The server closed the connection: {socket.CloseStatus} {socket.CloseStatusDescription}".TrimEnd());
                    if (socket.CloseStatus is { } status)
                    {
                        // The code itself, for what the connection does next (LiveRefusal), rather than parsing the text.
                        error.Data[LiveRefusal.CloseCodeKey] = (int)status;
                    }
                    return;
                }
                Handle(JsonSerializer.Deserialize<NativeServerMessage>(message.WrittenSpan, LiveDeskJson.Options));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            error = new OperationCanceledException("The live connection was stopped.");
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            _loopEnded = true;
            FailPending(new WebSocketException(WebSocketError.ConnectionClosedPrematurely,
                "The live connection closed before the server answered.", error));
            Closed?.Invoke(error);
        }
    }

    private void Handle(NativeServerMessage? message)
    {
        switch (message?.Type)
        {
            case NativeProtocol.Messages.Events:
                Interlocked.Increment(ref _eventMessagesRead);
                EventsReceived?.Invoke(message.Events);
                break;
            case NativeProtocol.Messages.Signal when message.Room is not null && message.Name is not null:
                SignalReceived?.Invoke(new SignalMessage(message.Type, message.Room, message.Name, message.UserId, message.TtlMs, message.At));
                break;
            case NativeProtocol.Messages.Reply when _pending.TryGetValue(message.Id, out var answer):
                answer.TrySetResult(message);
                break;
            default:
                // A message this client does not know (a newer server): ignored, as the protocol says.
                break;
        }
    }

    private static Uri SocketUrl(Uri baseAddress)
    {
        var root = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        var url = new UriBuilder(new Uri(root, NativeProtocol.Path.TrimStart('/')))
        {
            Scheme = baseAddress.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
        };
        return url.Uri;
    }

    /// <summary>Every server message of the native framing in one shape: <c>events</c> fills Events, <c>reply</c>
    /// the rest.</summary>
    private sealed record NativeServerMessage(string? Type, long Id, bool Ok, string? Error, ResumeResult? Resume, EventEnvelope[]? Events,
        string? Room = null, string? Name = null, long UserId = 0, int TtlMs = 0, DateTimeOffset At = default);
}
