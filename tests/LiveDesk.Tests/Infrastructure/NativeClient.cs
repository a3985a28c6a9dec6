using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Tests.Infrastructure;

/// <summary>A raw client of the native WebSocket framing (<c>/live/ws</c>): sends requests, collects every event and
/// reply the server sends, and records how the server closed the connection.</summary>
public sealed class NativeClient : IAsyncDisposable
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentQueue<EventEnvelope> _events = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<ReplyMessage>> _replies = new();
    private readonly TaskCompletionSource<WebSocketCloseStatus?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _receiving;
    private long _nextId;

    public IReadOnlyList<EventEnvelope> Events => [.. _events];

    private readonly ConcurrentQueue<ReplyMessage> _allReplies = new();

    /// <summary>Every reply the server sent, in order, also to requests sent raw.</summary>
    public IReadOnlyList<ReplyMessage> Replies => [.. _allReplies];

    /// <summary>Completes when the server ends the connection, with its close status (null: cut off without one).</summary>
    public Task<WebSocketCloseStatus?> Closed => _closed.Task;

    /// <summary>The reason the server gave in its close frame, once <see cref="Closed"/> has completed.</summary>
    public string? CloseDescription { get; private set; }

    public static async Task<NativeClient> ConnectAsync(ServerProcess server, string email)
    {
        var token = (await server.LoginAsync(email)).AccessToken!;
        return await ConnectWithTokenAsync(server, token);
    }

    public static async Task<NativeClient> ConnectWithTokenAsync(ServerProcess server, string? token)
    {
        var client = new NativeClient();
        var query = token is null ? "" : $"?access_token={Uri.EscapeDataString(token)}";
        await client._socket.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}{NativeProtocol.Path}{query}"), CancellationToken.None);
        client._receiving = client.ReceiveAsync();
        return client;
    }

    public Task<ReplyMessage> SubscribeAsync(string room) =>
        RequestAsync(id => new NativeRequest(NativeProtocol.Requests.Subscribe, id, room, null));

    public Task<ReplyMessage> UnsubscribeAsync(string room) =>
        RequestAsync(id => new NativeRequest(NativeProtocol.Requests.Unsubscribe, id, room, null));

    public Task<ReplyMessage> ReauthenticateAsync(string? token) =>
        RequestAsync(id => new NativeRequest(NativeProtocol.Requests.Reauthenticate, id, null, null, Token: token));

    public Task<ReplyMessage> ResumeAsync(Cursor? cursor) =>
        RequestAsync(id => new NativeRequest(NativeProtocol.Requests.Resume, id, null, cursor));

    /// <summary>Sends raw text as one message and returns the reply with id 0 (what unreadable requests get).</summary>
    public async Task<ReplyMessage> SendRawAsync(string text)
    {
        var reply = _replies.GetOrAdd(0, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        await SendTextAsync(text);
        var answer = await reply.Task.WaitAsync(Eventually.DefaultTimeout);
        _replies.TryRemove(0, out _);
        return answer;
    }

    public async Task SendTextAsync(string text) =>
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task<EventEnvelope> WaitForAsync(Func<EventEnvelope, bool> predicate, TimeSpan? timeout = null) =>
        Eventually.FirstAsync(() => Events, predicate, timeout,
            () => $"{_events.Count} event(s) arrived: {string.Join(", ", Events.Select(e => $"{e.Seq}:{e.Type}#{e.EntityId}"))}");

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        if (_receiving is not null)
        {
            await _receiving;
        }
        _socket.Dispose();
    }

    private async Task<ReplyMessage> RequestAsync(Func<long, NativeRequest> create)
    {
        var request = create(Interlocked.Increment(ref _nextId));
        var reply = _replies.GetOrAdd(request.Id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        await _socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(request, s_json), WebSocketMessageType.Text, true, CancellationToken.None);
        return await reply.Task.WaitAsync(Eventually.DefaultTimeout);
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    CloseDescription = received.CloseStatusDescription;
                    _closed.TrySetResult(received.CloseStatus);
                    return;
                }
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }
                Dispatch(message.ToArray());
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            _closed.TrySetResult(null);
        }
    }

    private void Dispatch(byte[] message)
    {
        using var document = JsonDocument.Parse(message);
        switch (document.RootElement.GetProperty("type").GetString())
        {
            case NativeProtocol.Messages.Events:
                foreach (var envelope in document.RootElement.GetProperty("events").Deserialize<EventEnvelope[]>(s_json)!)
                {
                    _events.Enqueue(envelope);
                }
                break;
            case NativeProtocol.Messages.Reply:
                var reply = document.RootElement.Deserialize<ReplyMessage>(s_json)!;
                _allReplies.Enqueue(reply);
                _replies.GetOrAdd(reply.Id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(reply);
                break;
            default:
                throw new InvalidOperationException($"Unknown message from the server: {Encoding.UTF8.GetString(message)}");
        }
    }
}
