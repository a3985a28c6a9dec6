using System.Net.WebSockets;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.Connections;
using LiveDesk.Server.Realtime.Dispatch;

namespace LiveDesk.Server.Realtime.Native;

/// <summary>A live connection carried by a plain WebSocket. A batch's bytes were serialized once for everyone; here
/// there is only the write, straight into Kestrel's output (no per-connection pipe or thread-pool hop). Kestrel's
/// response buffer bounds what a connection that stops reading can hold, in bytes; past it the write stays pending and
/// the dispatcher's slow-consumer timeout aborts the connection.</summary>
public sealed class NativeLiveConnection(WebSocket socket, HttpContext http, Viewer viewer) : LiveConnection(viewer)
{
    // A WebSocket allows one send at a time; the dispatcher's batches and this connection's replies take turns.
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Lock _lifetime = new();
    private bool _ended;
    private int _closing;

    public override string Id { get; } = http.TraceIdentifier;

    public override ValueTask WriteAsync(OutgoingMessage message, CancellationToken ct) => SendAsync(message.NativeFrame, ct);

    /// <summary>Sends one message. <paramref name="ct"/> only bounds the wait for a send in progress: the send itself
    /// is never cancelled, because a cancellable token sends ManagedWebSocket down its slower path (a state machine
    /// and a cancellation registration per message, measured in docs/performance.md). A send that never finishes ends
    /// with <see cref="Abort"/>: the slow-consumer timeout, the client leaving, or shutdown.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        if (!_sendLock.Wait(0))
        {
            return SendAfterLockAsync(message, ct);
        }
        ValueTask send;
        try
        {
            send = socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        catch
        {
            _sendLock.Release();
            throw;
        }
        if (send.IsCompletedSuccessfully)
        {
            _sendLock.Release();
            return ValueTask.CompletedTask;
        }
        return ReleaseWhenSentAsync(send);
    }

    /// <summary>Sends a close frame after any send in progress; the receive loop then ends.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string? description)
    {
        await _sendLock.WaitAsync();
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, description, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException)
        {
            // The peer is gone already; nothing to tell it.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>A close frame with the reason, then, if the client does not answer it within a few seconds, an
    /// abort. The frame goes out beside the receive loop (cancelling a WebSocket receive would abort the socket).</summary>
    public override void Close(string reason)
    {
        if (Interlocked.Exchange(ref _closing, 1) == 0)
        {
            _closeFrameSent = CloseThenAbortAsync(reason);
        }
    }

    /// <summary>Set once the server decided to close: the receive loop handles nothing more (a flood's buffered requests
    /// are not worked through) and ends once the close frame is out.</summary>
    public Task? CloseFrameSent => Volatile.Read(ref _closeFrameSent);

    private Task? _closeFrameSent;

    private async Task CloseThenAbortAsync(string reason)
    {
        // A flood gets its own code, so a client backs off instead of reconnecting at once; the rest are policy (1008).
        var status = reason == InvocationLimiter.Disconnected
            ? (WebSocketCloseStatus)LiveDesk.Contracts.Realtime.NativeProtocol.CloseCodes.TooManyRequests
            : WebSocketCloseStatus.PolicyViolation;
        await CloseAsync(status, reason);
        _ = AbortLaterAsync();
    }

    /// <summary>A client that does not answer the close frame is cut off after a few seconds.</summary>
    private async Task AbortLaterAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(5));
        Abort();
    }

    public override void Abort()
    {
        // Kestrel reuses an HttpContext for the next request once this one has ended: never abort it after that.
        lock (_lifetime)
        {
            if (_ended)
            {
                return;
            }
            socket.Abort();
            http.Abort();
        }
    }

    /// <summary>Called when the request that carried the connection ends; later aborts do nothing.</summary>
    public void End()
    {
        lock (_lifetime)
        {
            _ended = true;
        }
    }

    private async ValueTask SendAfterLockAsync(ReadOnlyMemory<byte> message, CancellationToken ct)
    {
        await _sendLock.WaitAsync(ct);
        try
        {
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async ValueTask ReleaseWhenSentAsync(ValueTask send)
    {
        try
        {
            await send;
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
