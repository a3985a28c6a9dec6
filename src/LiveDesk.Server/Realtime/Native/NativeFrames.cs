using System.Text.Json;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Realtime.EventLog;

namespace LiveDesk.Server.Realtime.Native;

/// <summary>Serializes the native framing's server messages, with the same JSON options as every other transport.</summary>
public static class NativeFrames
{
    public static byte[] Events(IReadOnlyList<EventEnvelope> envelopes) =>
        JsonSerializer.SerializeToUtf8Bytes(new EventsMessage(NativeProtocol.Messages.Events, envelopes), EventJson.Options);

    public static byte[] Signal(SignalMessage signal) => JsonSerializer.SerializeToUtf8Bytes(signal, EventJson.Options);

    public static byte[] Reply(long id, bool ok, string? error, ResumeResult? resume = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new ReplyMessage(NativeProtocol.Messages.Reply, id, ok, error, resume), EventJson.Options);
}
