using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.Connections;
using LiveDesk.Server.Realtime.Dispatch;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace LiveDesk.Server.Realtime.Hub;

/// <summary>A live connection carried by SignalR: batches are written straight to the transport-level
/// <see cref="HubConnectionContext"/>, so the dispatcher can tell exactly which connection is too slow.</summary>
public sealed class HubLiveConnection(HubConnectionContext context, Viewer viewer) : LiveConnection(viewer)
{
    public override string Id => context.ConnectionId;

    public override ValueTask WriteAsync(OutgoingMessage message, CancellationToken ct) => context.WriteAsync(message.HubMessage, ct);

    public override void Abort() => context.Abort();

    /// <summary>Tells the client why (SignalR's close message, reconnect allowed), then cuts the connection.</summary>
    public override void Close(string reason)
    {
        _ = CloseAsync(reason);
    }

    private async Task CloseAsync(string reason)
    {
        try
        {
            await context.WriteAsync(new CloseMessage(reason, allowReconnect: true)).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or IOException or InvalidOperationException)
        {
            // A client that does not read is cut off all the same.
        }
        context.Abort();
    }
}
