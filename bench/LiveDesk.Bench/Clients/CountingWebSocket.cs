using System.Net.WebSockets;

namespace LiveDesk.Bench.Clients;

/// <summary>Shared byte counters: WebSocket payload bytes (frame headers and TCP/IP not included).</summary>
public sealed class WireCounter
{
    private long _received;
    private long _sent;
    private long _messagesReceived;

    public long Received => Interlocked.Read(ref _received);
    public long Sent => Interlocked.Read(ref _sent);
    public long MessagesReceived => Interlocked.Read(ref _messagesReceived);

    public void AddReceived(int bytes, bool endOfMessage)
    {
        Interlocked.Add(ref _received, bytes);
        if (endOfMessage)
        {
            Interlocked.Increment(ref _messagesReceived);
        }
    }

    public void AddSent(int bytes) => Interlocked.Add(ref _sent, bytes);
}

/// <summary>A client WebSocket that counts what crosses it, for "bytes on the wire per event".</summary>
public sealed class CountingWebSocket(WebSocket inner, WireCounter counter) : WebSocket
{
    public override WebSocketCloseStatus? CloseStatus => inner.CloseStatus;
    public override string? CloseStatusDescription => inner.CloseStatusDescription;
    public override WebSocketState State => inner.State;
    public override string? SubProtocol => inner.SubProtocol;

    public override void Abort() => inner.Abort();

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Dispose() => inner.Dispose();

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await inner.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        counter.AddReceived(result.Count, result.EndOfMessage);
        return result;
    }

    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var result = await inner.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
        counter.AddReceived(result.Count, result.EndOfMessage);
        return result;
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        counter.AddSent(buffer.Count);
        return inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);
    }

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        counter.AddSent(buffer.Length);
        return inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);
    }

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, WebSocketMessageFlags messageFlags, CancellationToken cancellationToken)
    {
        counter.AddSent(buffer.Length);
        return inner.SendAsync(buffer, messageType, messageFlags, cancellationToken);
    }
}

/// <summary>Counts HTTP bytes (request and response bodies plus an estimate of the header lines) for REST calls.</summary>
public sealed class CountingHandler(WireCounter counter, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private long _calls;

    public long Calls => Interlocked.Read(ref _calls);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        var requestBytes = HeaderBytes(request.Headers) + (request.Content?.Headers.ContentLength ?? 0)
            + request.Method.Method.Length + (request.RequestUri?.PathAndQuery.Length ?? 0) + 12;
        counter.AddSent((int)requestBytes);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        var responseBytes = HeaderBytes(response.Headers) + HeaderBytes(response.Content.Headers)
            + (response.Content.Headers.ContentLength ?? 0) + 17;
        counter.AddReceived((int)responseBytes, endOfMessage: true);
        return response;
    }

    private static long HeaderBytes(System.Net.Http.Headers.HttpHeaders headers)
    {
        long total = 0;
        foreach (var header in headers)
        {
            foreach (var value in header.Value)
            {
                total += header.Key.Length + value.Length + 4;
            }
        }
        return total;
    }
}
