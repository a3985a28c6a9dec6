using System.Collections.Concurrent;
using LiveDesk.Client;
using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Tests.Infrastructure;

/// <summary>The SDK's <see cref="LiveConnection"/> logged in as a demo user, recording what it applies and every
/// resume answer, so tests can assert on exactly what a client saw.</summary>
public sealed class LiveClient : IAsyncDisposable
{
    private readonly ConcurrentQueue<EventEnvelope> _events = new();
    private readonly ConcurrentQueue<ResumeResult> _resumes = new();
    private readonly ConcurrentQueue<ResumeResult> _resets = new();
    private readonly ConcurrentQueue<SignalMessage> _signals = new();

    private LiveClient(LiveConnection connection)
    {
        Connection = connection;
        connection.EventReceived += _events.Enqueue;
        connection.Resumed += _resumes.Enqueue;
        connection.Reset += _resets.Enqueue;
        connection.SignalReceived += _signals.Enqueue;
    }

    public LiveConnection Connection { get; }
    public IReadOnlyList<EventEnvelope> Events => [.. _events];
    public IReadOnlyList<ResumeResult> Resumes => [.. _resumes];
    public IReadOnlyList<ResumeResult> Resets => [.. _resets];
    public IReadOnlyList<SignalMessage> Signals => [.. _signals];

    /// <summary>The first signal that matches, whether it arrived before or after this call.</summary>
    public Task<SignalMessage> WaitForSignalAsync(Func<SignalMessage, bool> predicate) =>
        Eventually.FirstAsync(() => _signals, predicate, null, () => $"{_signals.Count} signal(s) received");
    public ResumeResult? LastResume => _resumes.LastOrDefault();
    public Cursor? Cursor => Connection.Cursor;

    /// <param name="beforeEachConnect">Awaited before every (re)connect: lets a test hold the client offline.</param>
    /// <summary>Connects (with no periodic cursor sync unless asked, so only the live path and reconnects deliver),
    /// joins <paramref name="rooms"/> and completes once the first resume has been applied.</summary>
    public static async Task<LiveClient> ConnectAsync(ServerProcess server, string email, Cursor? from = null,
        IReadOnlyCollection<string>? rooms = null, TimeSpan? syncInterval = null, Func<Task>? beforeEachConnect = null,
        LiveTransport transport = LiveTransport.Native)
    {
        var api = await server.LoginAsync(email);
        var options = new LiveConnectionOptions
        {
            InitialCursor = from,
            InitialRooms = rooms ?? [],
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(100),
            ReconnectMaxDelay = TimeSpan.FromSeconds(1),
            CursorSyncInterval = syncInterval,
            Transport = transport,
        };
        // A restarted server still accepts the token: its signing key is kept in its data directory.
        var client = new LiveClient(new LiveConnection(server.BaseAddress, async () =>
        {
            if (beforeEachConnect is not null)
            {
                await beforeEachConnect();
            }
            return api.AccessToken;
        }, options));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.Connection.StartAsync(timeout.Token);
        return client;
    }

    public Task<SubscribeResult> SubscribeAsync(string room) => Connection.SubscribeAsync(room);

    public Task StopAsync() => Connection.StopAsync();

    /// <summary>The first applied event that matches, whether it arrived before or after this call.</summary>
    public Task<EventEnvelope> WaitForAsync(Func<EventEnvelope, bool> predicate, TimeSpan? timeout = null) =>
        Eventually.FirstAsync(() => _events, predicate, timeout,
            () => $"{_events.Count} event(s) applied, state {Connection.State}, cursor {Connection.Cursor}");

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
