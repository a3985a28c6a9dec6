using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Client;

/// <summary>One connection's wire, whatever its framing: start, the three requests, and events in the order the
/// server sent them. <see cref="LiveConnection"/> does everything else (cursor, resume, backoff, rooms).</summary>
internal interface ILiveTransport : IAsyncDisposable
{
    /// <summary>Called for every events message, one at a time, in the order the server sent them.</summary>
    Action<EventEnvelope[]?>? EventsReceived { get; set; }

    /// <summary>Called for every ephemeral signal from someone else in one of the connection's rooms.</summary>
    Action<SignalMessage>? SignalReceived { get; set; }

    /// <summary>Raised once when a started connection closes, for whatever reason.</summary>
    Action<Exception?>? Closed { get; set; }

    bool IsConnected { get; }

    /// <summary>How many events messages have been read off the wire so far. When a request's answer arrives, every
    /// events message the server sent before it has been read; once that many have been handed to
    /// <see cref="EventsReceived"/>, a resume's replay is complete.</summary>
    long EventMessagesRead { get; }

    Task StartAsync(CancellationToken ct);

    Task StopAsync();

    Task<SubscribeResult> SubscribeAsync(string room, CancellationToken ct);

    Task<SubscribeResult> UnsubscribeAsync(string room, CancellationToken ct);

    Task<ResumeResult> ResumeAsync(Cursor? cursor, CancellationToken ct);

    Task<SubscribeResult> SignalAsync(string room, string name, CancellationToken ct);

    /// <summary>Moves the open connection to a fresh access token of the same user, so the server does not close it
    /// when the old one expires.</summary>
    Task<SubscribeResult> ReauthenticateAsync(string token, CancellationToken ct);
}
