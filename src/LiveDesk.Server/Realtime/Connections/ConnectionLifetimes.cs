using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Server.Realtime.Connections;

/// <summary>Ends live connections whose right to exist ended: the access token expired (checked every
/// <see cref="SweepInterval"/>), the session was ended (logout, a reused refresh token), or the user was deactivated
/// (both at once, when it happens). A user's connections are found through their own <c>user:{id}</c> room, which every
/// connection of theirs is in, whatever carries it (hub, native WebSocket, SSE).</summary>
public sealed partial class ConnectionLifetimes(ConnectionRegistry registry, TimeProvider time,
    Microsoft.Extensions.Options.IOptions<Infrastructure.LiveDeskOptions> options, ILogger<ConnectionLifetimes> logger)
    : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMilliseconds(500);

    public const string TokenExpired = "The access token expired; reconnect with a fresh one.";
    public const string SessionEnded = "The session has ended; sign in again.";
    public const string UserDeactivated = "The account has been deactivated.";

    /// <summary>Closes the connections opened with <paramref name="sessionId"/>'s tokens (that device).</summary>
    public int EndSession(long userId, long sessionId) =>
        CloseWhere(registry.MembersOf(Room.User(userId).Name), c => c.SessionId == sessionId, SessionEnded);

    /// <summary>Closes every connection of a user.</summary>
    public int EndUser(long userId, string reason) =>
        CloseWhere(registry.MembersOf(Room.User(userId).Name), _ => true, reason);

    public void Close(LiveConnection connection, string reason) => CloseWhere([connection], _ => true, reason);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // Past the grace, so a refresh that came back a little late still moves the connection instead of closing it.
            var cutoff = time.GetUtcNow() - options.Value.Realtime.ExpiryGrace;
            CloseWhere(registry.All(), c => c.ExpiresAt <= cutoff, TokenExpired);
        }
    }

    private int CloseWhere(IEnumerable<LiveConnection> connections, Func<LiveConnection, bool> ends, string reason)
    {
        var closed = 0;
        foreach (var connection in connections)
        {
            if (ends(connection))
            {
                closed++;
                connection.Close(reason);
            }
        }
        if (closed > 0)
        {
            LogClosed(closed, reason);
        }
        return closed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Closed {Count} live connection(s): {Reason}")]
    private partial void LogClosed(int count, string reason);
}
