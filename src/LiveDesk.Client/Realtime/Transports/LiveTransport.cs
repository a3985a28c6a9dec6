namespace LiveDesk.Client;

/// <summary>Which framing of the live protocol a <see cref="LiveConnection"/> speaks (docs/realtime-protocol.md). Both
/// carry the same operations, envelopes and cursors; they differ in cost.</summary>
public enum LiveTransport
{
    /// <summary>The native WebSocket at <c>/live/ws</c>: one JSON message per WebSocket message, no extra
    /// negotiation. The default: it costs the server about half of what SignalR does per delivery and per idle
    /// connection (docs/performance.md).</summary>
    Native,

    /// <summary>The SignalR hub at <c>/hubs/live</c>: for networks that need its long-polling or SSE fallbacks.</summary>
    SignalR,
}
