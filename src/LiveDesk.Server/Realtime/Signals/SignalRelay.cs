using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Realtime.Connections;
using LiveDesk.Server.Realtime.Dispatch;
using LiveDesk.Server.Realtime.Features;

namespace LiveDesk.Server.Realtime.Signals;

/// <summary>The one mechanism for ephemeral signals (typing now; viewing and presence later): a connection sends a
/// signal its room kind declares to a room it is in, and the room's other connections get it at once. Nothing is
/// logged, so nothing is replayed: a client that was away simply sees no stale "typing". Being in the room is the
/// authorization (joins are checked, and rechecks remove a connection that lost access), and one connection is
/// throttled to one signal of a name per room per MinInterval; more are acknowledged and dropped.</summary>
public sealed partial class SignalRelay(ConnectionRegistry registry, LiveFeatures features, TimeProvider time, ILogger<SignalRelay> logger)
{
    public SubscribeResult Send(LiveConnection sender, string roomName, string? name)
    {
        if (!Room.TryParse(roomName, out var room) || string.IsNullOrEmpty(name) || !features.TryFindSignal(room, name, out var signal))
        {
            return new SubscribeResult(false, $"No signal '{Shorten(name)}' for room '{Shorten(roomName)}'.");
        }
        lock (sender.Rooms)
        {
            if (!sender.Rooms.Contains(room.Name))
            {
                return new SubscribeResult(false, "Join the room before signalling in it.");
            }
        }
        if (Throttled(sender, room.Name, signal!))
        {
            return new SubscribeResult(true, null);
        }
        var message = new OutgoingSignal(new SignalMessage(NativeProtocol.Messages.Signal, room.Name, signal!.Name,
            sender.Viewer.UserId, (int)signal.Ttl.TotalMilliseconds, time.GetUtcNow()));
        foreach (var member in registry.MembersOf(room.Name))
        {
            if (!ReferenceEquals(member, sender))
            {
                Deliver(member, message);
            }
        }
        return new SubscribeResult(true, null);
    }

    private static bool Throttled(LiveConnection sender, string room, SignalDefinition signal)
    {
        var now = Environment.TickCount64;
        lock (sender.Rooms)
        {
            sender.SignalTimes ??= [];
            if (sender.SignalTimes.TryGetValue((room, signal.Name), out var last) && now - last < signal.MinInterval.TotalMilliseconds)
            {
                return true;
            }
            sender.SignalTimes[(room, signal.Name)] = now;
            return false;
        }
    }

    /// <summary>Fire and forget: a signal is worth nothing late, so nobody waits for a slow connection (the
    /// dispatcher's slow-consumer rule deals with that one).</summary>
    private void Deliver(LiveConnection member, OutgoingSignal message)
    {
        try
        {
            var write = member.WriteAsync(message, CancellationToken.None);
            if (!write.IsCompletedSuccessfully)
            {
                _ = ObserveAsync(write);
            }
        }
        catch (Exception e)
        {
            LogDropped(member.Id, e.Message);
        }
    }

    private async Task ObserveAsync(ValueTask write)
    {
        try
        {
            await write;
        }
        catch (Exception e)
        {
            LogDropped("(slow)", e.Message);
        }
    }

    private static string Shorten(string? value) => value is null ? "" : value.Length <= 64 ? value : value[..64] + "…";

    [LoggerMessage(Level = LogLevel.Debug, Message = "A signal to connection {ConnectionId} was dropped: {Reason}")]
    private partial void LogDropped(string connectionId, string reason);
}
