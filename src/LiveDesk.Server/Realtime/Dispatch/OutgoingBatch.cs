using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Realtime.Native;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace LiveDesk.Server.Realtime.Dispatch;

/// <summary>A server message for a set of connections. Each framing serializes it at most once, on first use, however
/// many connections get it. One writer fills it in (the dispatcher's loop, or one signal's relay), so no locking.</summary>
public abstract class OutgoingMessage
{
    private SerializedHubMessage? _hubMessage;
    private byte[]? _nativeFrame;

    /// <summary>The SignalR framing: an invocation of a client method.</summary>
    public SerializedHubMessage HubMessage => _hubMessage ??= new(CreateHubMessage());

    /// <summary>The native WebSocket framing: one JSON message as UTF-8.</summary>
    public ReadOnlyMemory<byte> NativeFrame => _nativeFrame ??= CreateNativeFrame();

    protected abstract InvocationMessage CreateHubMessage();

    protected abstract byte[] CreateNativeFrame();
}

/// <summary>Events that go out together: the client method <c>events</c>, or an <c>events</c> message.</summary>
public sealed class OutgoingBatch(IReadOnlyList<EventEnvelope> envelopes) : OutgoingMessage
{
    public IReadOnlyList<EventEnvelope> Envelopes { get; } = envelopes;

    protected override InvocationMessage CreateHubMessage() => new(HubMethods.Events, [Envelopes]);

    protected override byte[] CreateNativeFrame() => NativeFrames.Events(Envelopes);
}

/// <summary>An ephemeral signal: the client method <c>signal</c>, or a <c>signal</c> message.</summary>
public sealed class OutgoingSignal(SignalMessage signal) : OutgoingMessage
{
    public SignalMessage Signal { get; } = signal;

    protected override InvocationMessage CreateHubMessage() => new(HubMethods.SignalReceived, [Signal]);

    protected override byte[] CreateNativeFrame() => NativeFrames.Signal(Signal);
}
