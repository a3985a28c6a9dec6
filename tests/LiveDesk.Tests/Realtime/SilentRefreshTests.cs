using System.Collections.Concurrent;
using System.Diagnostics;
using LiveDesk.Client;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Realtime;

/// <summary>Tokens are short-lived and refreshed; a refresh moves a live connection to the new token without a gap
/// (docs/security.md, Silent refresh). With 2-second tokens a connection outlives ten of them in 20 seconds.</summary>
public sealed class SilentRefreshTests
{
    private static readonly TimeSpan s_writing = TimeSpan.FromSeconds(20);

    private static Dictionary<string, string?> ShortTokens => new()
    {
        ["LiveDesk__Auth__TokenLifetime"] = "00:00:02",
        // Each client here refreshes about once a second, well over the per-address login limit that refresh shares.
        ["LiveDesk__RateLimits__LoginsPerMinute"] = "100000",
    };

    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task WithATwoSecondTokenAClientStaysConnectedThroughTwentySecondsOfWritesAndReceivesEveryEventOnce(LiveTransport transport)
    {
        await using var server = await ServerProcess.StartNewAsync(ShortTokens);
        var managerApi = await server.LoginAsync(Demo.Manager);
        await using var keeper = new SessionKeeper(managerApi, new SessionKeeperOptions { LoggerFactory = _log });
        await WarmUpAsync(server, keeper, transport);
        await using var watcher = await Watcher.StartAsync(new LiveConnection(server.BaseAddress, keeper, Options(transport)));
        var from = watcher.Connection.Cursor!;

        var written = await WriteAsync(server, s_writing);

        var expected = await LogSinceAsync(managerApi, from);
        await watcher.WaitForSeqAsync(expected[^1].Seq);
        // Every event of the manager's rooms, exactly once and in order, as the log has them.
        Assert.Equal(expected.Select(e => e.Seq), watcher.Events.Where(e => e.Seq <= expected[^1].Seq).Select(e => e.Seq));
        Assert.All(written, id => Assert.Single(watcher.Events, e => e.Type == "ticket.created" && e.EntityId == id));
        Assert.Empty(watcher.Resets);
        // Never dropped: one connect, one resume, while the token it opened with expired many times over.
        Assert.False(watcher.States.Contains(LiveConnectionState.Reconnecting),
            $"The connection dropped. The client said:\n{_log}\nThe server said:\n{server.RecentOutput}");
        Assert.Single(watcher.Resumes);
        Assert.True(keeper.RefreshCount >= 5, $"Only {keeper.RefreshCount} refreshes in {s_writing.TotalSeconds} s of 2-second tokens.");
        Assert.False(keeper.HasEnded);
    }

    /// <summary>The other side of the test above, so that it proves something: a connection that is not moved to the
    /// fresh token is closed by the server at expiry. The client reconnects with a fresh token and resumes by cursor:
    /// still nothing lost, but not without reconnecting.</summary>
    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task WithoutReauthenticateTheServerClosesTheConnectionAtExpiryAndAResumeWithAFreshTokenLosesNothing(LiveTransport transport)
    {
        await using var server = await ServerProcess.StartNewAsync(ShortTokens);
        var managerApi = await server.LoginAsync(Demo.Manager);
        await using var keeper = new SessionKeeper(managerApi);
        // Fresh tokens on every connect, but nothing moves the open connection to them.
        await using var watcher = await Watcher.StartAsync(
            new LiveConnection(server.BaseAddress, () => keeper.GetAccessTokenAsync(), Options(transport)));
        var from = watcher.Connection.Cursor!;

        var written = await WriteAsync(server, TimeSpan.FromSeconds(5));

        var expected = await LogSinceAsync(managerApi, from);
        await watcher.WaitForSeqAsync(expected[^1].Seq);
        await Eventually.TrueAsync(() => Task.FromResult(watcher.States.Contains(LiveConnectionState.Reconnecting)));
        Assert.Equal(expected.Select(e => e.Seq), watcher.Events.Where(e => e.Seq <= expected[^1].Seq).Select(e => e.Seq));
        Assert.All(written, id => Assert.Single(watcher.Events, e => e.Type == "ticket.created" && e.EntityId == id));
        Assert.Empty(watcher.Resets);
    }

    private readonly RecordingLog _log = new();

    private LiveConnectionOptions Options(LiveTransport transport) => new()
    {
        LoggerFactory = _log,
        Transport = transport,
        // Only the live path and reconnects deliver: no periodic resume to paper over a gap.
        CursorSyncInterval = null,
        ReconnectBaseDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
    };

    /// <summary>A server that just started compiles each path on its first use, which can take longer than a
    /// 2-second token lives on a busy machine: refresh, write, connect and reauthenticate once before the clock
    /// starts.</summary>
    private static async Task WarmUpAsync(ServerProcess server, SessionKeeper keeper, LiveTransport transport)
    {
        await keeper.RefreshAsync();
        var admin = await server.LoginAsync(Demo.Admin);
        await admin.NewTicketAsync(Demo.SupportTeam, "Warming up");
        await using var connection = new LiveConnection(server.BaseAddress, () => keeper.GetAccessTokenAsync(),
            new LiveConnectionOptions { Transport = transport });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await connection.StartAsync(timeout.Token);
        await keeper.RefreshAsync();
        await connection.ReauthenticateAsync(keeper.AccessToken!);
    }

    /// <summary>Another user (the admin, with short tokens of her own, kept fresh the same way) creates a ticket and
    /// comments on it, again and again, for <paramref name="duration"/>; returns the tickets' ids.</summary>
    private static async Task<List<long>> WriteAsync(ServerProcess server, TimeSpan duration)
    {
        var admin = await server.LoginAsync(Demo.Admin);
        await using var keeper = new SessionKeeper(admin);
        var queue = await admin.QueueIdAsync(Demo.SupportTeam);
        var created = new List<long>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var ticket = await admin.CreateTicketAsync(new CreateTicketRequest(
                $"Written under short tokens {created.Count + 1}", "Created by a test.", queue, TicketPriority.Normal, null, null));
            created.Add(ticket.Id);
            await admin.AddCommentAsync(ticket.Id, "Still here.");
            // A pace, not a wait for anything: the writes spread over the whole period, and leave the (busy, 2-core)
            // machine the time to answer the refreshes, which must each come back within a token's life.
            await Task.Delay(300);
        }
        Assert.False(keeper.HasEnded);
        return created;
    }

    /// <summary>What the log holds for the caller's rooms after <paramref name="from"/>, all pages.</summary>
    private static async Task<List<EventEnvelope>> LogSinceAsync(LiveDeskApiClient api, Cursor from)
    {
        var events = new List<EventEnvelope>();
        var since = from.Seq;
        EventPage page;
        do
        {
            page = await api.GetEventsAsync(since, from.Epoch, limit: 1000);
            Assert.False(page.Reset);
            events.AddRange(page.Events);
            since = page.Head;
        } while (page.HasMore);
        Assert.NotEmpty(events);
        return events;
    }

    /// <summary>A <see cref="LiveConnection"/> and everything it reported.</summary>
    private sealed class Watcher : IAsyncDisposable
    {
        private readonly ConcurrentQueue<EventEnvelope> _events = new();
        private readonly ConcurrentQueue<ResumeResult> _resumes = new();
        private readonly ConcurrentQueue<ResumeResult> _resets = new();
        private readonly ConcurrentQueue<LiveConnectionState> _states = new();

        private Watcher(LiveConnection connection)
        {
            Connection = connection;
            connection.EventReceived += _events.Enqueue;
            connection.Resumed += _resumes.Enqueue;
            connection.Reset += _resets.Enqueue;
            connection.StateChanged += _states.Enqueue;
        }

        public LiveConnection Connection { get; }
        public IReadOnlyList<EventEnvelope> Events => [.. _events];
        public IReadOnlyList<ResumeResult> Resumes => [.. _resumes];
        public IReadOnlyList<ResumeResult> Resets => [.. _resets];
        public IReadOnlyList<LiveConnectionState> States => [.. _states];

        public static async Task<Watcher> StartAsync(LiveConnection connection)
        {
            var watcher = new Watcher(connection);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await connection.StartAsync(timeout.Token);
            return watcher;
        }

        public Task WaitForSeqAsync(long seq) =>
            Eventually.FirstAsync(() => _events, e => e.Seq >= seq, null,
                () => $"{_events.Count} event(s) applied, the last {_events.LastOrDefault()?.Seq}, state {Connection.State}");

        public ValueTask DisposeAsync() => Connection.DisposeAsync();
    }
}
