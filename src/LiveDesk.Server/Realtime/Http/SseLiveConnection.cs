using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.Connections;
using LiveDesk.Server.Realtime.Dispatch;

namespace LiveDesk.Server.Realtime.Http;

/// <summary>An SSE stream as the registry sees it. The stream reads the log itself, so the dispatcher's writes are
/// dropped here; it is registered so that what ends live connections (logout, deactivation, token expiry) and what
/// counts them ends and counts SSE streams too.</summary>
public sealed class SseLiveConnection(HttpContext http, Viewer viewer) : LiveConnection(viewer)
{
    private readonly CancellationTokenSource _ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);

    public override string Id { get; } = "sse-" + http.TraceIdentifier;

    /// <summary>Cancelled when the client leaves or the server ends the stream.</summary>
    public CancellationToken Ended => _ended.Token;

    /// <summary>Why the server ended it, for the stream's last frame.</summary>
    public string? Reason { get; private set; }

    public override ValueTask WriteAsync(OutgoingMessage message, CancellationToken ct) => ValueTask.CompletedTask;

    public override void Abort() => Close("The stream was cut off.");

    public override void Close(string reason)
    {
        Reason ??= reason;
        try
        {
            _ended.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The stream ended already.
        }
    }

    public void Dispose() => _ended.Dispose();
}
