using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.Dispatch;

namespace LiveDesk.Server.Realtime.Connections;

/// <summary>One live connection on this node, whatever carries it. The dispatcher, rooms and access checks work on
/// this; a transport only says how a batch of events is written to its wire and how the connection is cut off.</summary>
public abstract class LiveConnection(Viewer viewer)
{
    public abstract string Id { get; }

    /// <summary>Refreshed from the database on every resume, so revoked access stops replay too.</summary>
    public Viewer Viewer { get; set; } = viewer;

    /// <summary>The session whose access token opened the connection (or last reauthenticated it): ending that
    /// session (logout) closes this connection.</summary>
    public long? SessionId { get; set; }

    /// <summary>When the connection's access token expires; <see cref="ConnectionLifetimes"/> closes it then, unless
    /// the client moved it to a fresh token first (<c>reauthenticate</c>).</summary>
    public DateTimeOffset ExpiresAt { get; set; } = DateTimeOffset.MaxValue;

    /// <summary>Requests refused by <see cref="InvocationLimiter"/> since <see cref="RefusalWindowStart"/>; one
    /// connection's requests run one at a time, so no lock.</summary>
    public int RecentRefusals { get; set; }

    /// <summary>When the current refusal window began (Environment.TickCount64).</summary>
    public long RefusalWindowStart { get; set; }

    /// <summary>Guarded by locking the set itself.</summary>
    public HashSet<string> Rooms { get; } = [];

    public string[] RoomsSnapshot()
    {
        lock (Rooms)
        {
            return [.. Rooms];
        }
    }

    /// <summary>Writes a message (events, a signal) that was serialized once for every connection that gets it.
    /// Completes synchronously unless the connection's bounded buffers are full.</summary>
    public abstract ValueTask WriteAsync(OutgoingMessage message, CancellationToken ct);

    /// <summary>When this connection last relayed each signal in each room (Environment.TickCount64), for the relay's
    /// throttle; null until it first signals, so the many connections that never do pay nothing.</summary>
    public Dictionary<(string Room, string Name), long>? SignalTimes { get; set; }

    /// <summary>Cuts the connection off (it stopped reading); the client resumes by cursor when it comes back.</summary>
    public abstract void Abort();

    /// <summary>Ends the connection for a reason the client can show or act on (its token expired, its session ended,
    /// its user was deactivated). Framings that can say why do; the rest abort.</summary>
    public virtual void Close(string reason) => Abort();
}
