using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Realtime.Native;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace LiveDesk.Server.Realtime.Dispatch;

/// <summary>Events that go out together to a set of connections. Each framing serializes them at most once, on first
/// use, however many connections get them. Only the dispatcher's loop touches it, so no locking.</summary>
public sealed class OutgoingBatch(IReadOnlyList<EventEnvelope> envelopes)
{
    private SerializedHubMessage? _hubMessage;
    private byte[]? _nativeFrame;

    public IReadOnlyList<EventEnvelope> Envelopes { get; } = envelopes;

    /// <summary>The SignalR framing: an invocation of the client method <c>events</c>.</summary>
    public SerializedHubMessage HubMessage => _hubMessage ??= new(new InvocationMessage(HubMethods.Events, [Envelopes]));

    /// <summary>The native WebSocket framing: an <c>events</c> message as UTF-8 JSON.</summary>
    public ReadOnlyMemory<byte> NativeFrame => _nativeFrame ??= NativeFrames.Events(Envelopes);
}
