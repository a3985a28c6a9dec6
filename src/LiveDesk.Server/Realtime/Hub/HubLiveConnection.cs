using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.Connections;
using LiveDesk.Server.Realtime.Dispatch;
using Microsoft.AspNetCore.SignalR;

namespace LiveDesk.Server.Realtime.Hub;

/// <summary>A live connection carried by SignalR: batches are written straight to the transport-level
/// <see cref="HubConnectionContext"/>, so the dispatcher can tell exactly which connection is too slow.</summary>
public sealed class HubLiveConnection(HubConnectionContext context, Viewer viewer) : LiveConnection(viewer)
{
    public override string Id => context.ConnectionId;

    public override ValueTask WriteAsync(OutgoingMessage message, CancellationToken ct) => context.WriteAsync(message.HubMessage, ct);

    public override void Abort() => context.Abort();
}
