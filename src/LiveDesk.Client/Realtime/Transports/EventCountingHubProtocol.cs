using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace LiveDesk.Client;

/// <summary>The JSON hub protocol, counting <c>events</c> invocations as they are read off the wire.</summary>
/// <remarks>Why this exists: the SignalR .NET client completes an invocation (our <c>Resume</c>) directly on its
/// receive loop, but hands server-to-client calls (<c>events</c>) to a separate dispatch loop. So <c>Resume</c> can
/// return while replayed events that the server sent before its answer are still queued for our handler. Comparing
/// "read off the wire" with "reached the handler" tells the resume when everything sent before its answer has
/// arrived, without asking anything extra of the server.</remarks>
internal sealed class EventCountingHubProtocol(IHubProtocol inner, string countedTarget) : IHubProtocol
{
    private long _parsed;

    /// <summary>How many <c>events</c> invocations have been parsed (and so queued for dispatch) so far.</summary>
    public long Parsed => Interlocked.Read(ref _parsed);

    public string Name => inner.Name;

    public int Version => inner.Version;

    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        if (!inner.TryParseMessage(ref input, binder, out message))
        {
            return false;
        }
        // Only invocations that bound successfully reach the handler; a binding failure is a different message type.
        if (message is InvocationMessage invocation && string.Equals(invocation.Target, countedTarget, StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _parsed);
        }
        return true;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);

    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);
}
