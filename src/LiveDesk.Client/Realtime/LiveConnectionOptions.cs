using LiveDesk.Contracts.Realtime;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.Extensions.Logging;

namespace LiveDesk.Client;

public sealed record LiveConnectionOptions
{
    /// <summary>A cursor saved earlier, to continue from where the app left off. Null starts live from now.</summary>
    public Cursor? InitialCursor { get; init; }

    /// <summary>Rooms to join before the first resume. Pass them here rather than subscribing after start when
    /// continuing from <see cref="InitialCursor"/>, so the replay covers them too.</summary>
    public IReadOnlyCollection<string> InitialRooms { get; init; } = [];

    public TimeSpan ReconnectBaseDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often to resume from the cursor while live, to catch what the live path missed (a crash between
    /// commit and publish). Null disables it. Each connection jitters it by ±20% so a fleet does not sync in lockstep.</summary>
    public TimeSpan? CursorSyncInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Most events held while a resume is in progress. Past it the buffer is dropped and the resume ends in a
    /// reset, because a partial buffer cannot be applied in order.</summary>
    public int MaxResumeBufferEvents { get; init; } = 100_000;

    /// <summary>Most (entity, id) pairs whose latest version is remembered; the oldest entries are forgotten first.</summary>
    public int MaxTrackedVersions { get; init; } = 100_000;

    /// <summary>The framing to speak: the native WebSocket (default) or the SignalR hub.</summary>
    public LiveTransport Transport { get; init; } = LiveTransport.Native;

    /// <summary>Last word on the native transport's WebSocket options (headers, proxy, keep-alive).</summary>
    public Action<System.Net.WebSockets.ClientWebSocketOptions>? ConfigureWebSocket { get; init; }

    /// <summary>Native only: connects the prepared socket (token header and <see cref="ConfigureWebSocket"/> applied)
    /// to the URL and returns the WebSocket to use, e.g. a wrapper that counts bytes. By default the socket itself.</summary>
    public Func<System.Net.WebSockets.ClientWebSocket, Uri, CancellationToken, Task<System.Net.WebSockets.WebSocket>>? WebSocketFactory { get; init; }

    /// <summary>SignalR only: connect straight over WebSockets without the negotiate round trip.</summary>
    public bool SkipNegotiation { get; init; }

    /// <summary>SignalR only: wraps the HTTP handler of the negotiate and long-polling requests.</summary>
    public Func<HttpMessageHandler, HttpMessageHandler>? HttpMessageHandlerFactory { get; init; }

    /// <summary>SignalR only: last word on the underlying HTTP connection options (headers, transports, timeouts).</summary>
    public Action<HttpConnectionOptions>? ConfigureHttpConnection { get; init; }

    public ILoggerFactory? LoggerFactory { get; init; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReconnectBaseDelay, TimeSpan.Zero, nameof(ReconnectBaseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReconnectMaxDelay, ReconnectBaseDelay, nameof(ReconnectMaxDelay));
        if (CursorSyncInterval is { } interval)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero, nameof(CursorSyncInterval));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxResumeBufferEvents, 1, nameof(MaxResumeBufferEvents));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTrackedVersions, 1, nameof(MaxTrackedVersions));
        ArgumentNullException.ThrowIfNull(InitialRooms);
        if (!Enum.IsDefined(Transport))
        {
            throw new ArgumentOutOfRangeException(nameof(Transport), Transport, "Expected Native or SignalR.");
        }
    }
}
