using LiveDesk.Client;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Realtime;

/// <summary>Promise 1: a client that resumes from its cursor gets every event for its rooms in order, or a reset;
/// across a disconnect and across a kill -9 of the server.</summary>
public sealed class ReplayTests
{
    private static readonly TicketPriority[] Priorities = [TicketPriority.Low, TicketPriority.High];

    [Theory]
    [InlineData("sqlite", LiveTransport.Native)]
    [InlineData("sqlite", LiveTransport.SignalR)]
    [InlineData("postgres", LiveTransport.Native)]
    [InlineData("postgres", LiveTransport.SignalR)]
    public async Task ClientResumesAfterMissing200ChangesAndAgainAfterTheServerIsKilledWithNothingMissing(string provider, LiveTransport transport)
    {
        await using var database = provider == "postgres" ? await PostgresDatabase.CreateAsync() : null;
        await using var server = await ServerProcess.StartNewAsync(database?.ServerEnvironment);
        var manager = await server.LoginAsync(Demo.Manager);
        var supportTickets = new List<TicketDto>();
        for (var i = 0; i < 10; i++)
        {
            supportTickets.Add(await manager.NewTicketAsync(Demo.SupportTeam, $"Replay ticket {i}"));
        }
        var fieldTicket = await manager.NewTicketAsync(Demo.FieldOpsTeam, "Not Ana's business");
        var expected = new List<(long Id, long Version)>();

        await using var ana = await LiveClient.ConnectAsync(server, Demo.Ana, transport: transport);
        await ana.StopAsync();
        var cursor = ana.Cursor!;

        // 200 changes Ana should get (her team's tickets), interleaved with changes she must not get.
        for (var i = 0; i < 200; i++)
        {
            var ticket = supportTickets[i % supportTickets.Count];
            var changed = await manager.ChangePriorityAsync(ticket.Id, Priorities[(i / supportTickets.Count) % 2]);
            expected.Add((changed.Id, changed.Version));
            if (i % 20 == 0)
            {
                await manager.ChangePriorityAsync(fieldTicket.Id, Priorities[(i / 20) % 2]);
            }
        }

        await using var resumed = await LiveClient.ConnectAsync(server, Demo.Ana, cursor, transport: transport);
        Assert.True(resumed.LastResume!.Recovered);
        AssertExactly(expected, resumed.Events);

        // The server dies hard right after more writes; the client keeps its connection object and must come back
        // on its own, resume from its cursor, and miss nothing written before the kill or after the restart.
        var beforeKill = new List<(long Id, long Version)>();
        for (var i = 0; i < 20; i++)
        {
            var changed = await manager.ChangeStatusAsync(supportTickets[i % 10].Id, (i / 10) % 2 == 0 ? TicketStatus.Pending : TicketStatus.Open);
            beforeKill.Add((changed.Id, changed.Version));
        }
        var resumesBeforeKill = resumed.Resumes.Count;
        await server.KillAsync();
        await server.RestartAsync();
        var afterRestart = new List<(long Id, long Version)>();
        var managerAgain = await server.LoginAsync(Demo.Manager);
        for (var i = 0; i < 10; i++)
        {
            var changed = await managerAgain.ChangePriorityAsync(supportTickets[i].Id, TicketPriority.Urgent);
            afterRestart.Add((changed.Id, changed.Version));
        }

        var last = afterRestart[^1];
        await resumed.WaitForAsync(e => e.EntityId == last.Id && e.Version == last.Version, TimeSpan.FromSeconds(60));
        Assert.True(resumed.Resumes.Count > resumesBeforeKill, "the client never resumed after the restart");
        Assert.All(resumed.Resumes, r => Assert.True(r.Recovered));
        AssertExactly([.. expected, .. beforeKill, .. afterRestart], resumed.Events);
    }

    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task CursorOlderThanRetentionOrFromAnotherEpochGetsRecoveredFalse(LiveTransport transport)
    {
        var (server, admin, start) = await StartWithPrunedLogAsync();
        await using var running = server;
        var oldCursor = new Cursor(start.Head, start.Epoch);

        await using var stale = await LiveClient.ConnectAsync(server, Demo.Admin, oldCursor, transport: transport);
        Assert.False(stale.LastResume!.Recovered);
        Assert.Empty(stale.Events);
        Assert.Single(stale.Resets);
        var page = await admin.GetEventsAsync(oldCursor.Seq, oldCursor.Epoch);
        Assert.True(page.Reset);
        Assert.Empty(page.Events);

        var head = (await admin.GetRealtimeStatusAsync()).Head;
        await using var otherEpoch = await LiveClient.ConnectAsync(server, Demo.Admin, new Cursor(head, "0123456789abcdef"), transport: transport);
        Assert.False(otherEpoch.LastResume!.Recovered);
        Assert.Equal(start.Epoch, otherEpoch.LastResume.Epoch);

        // A current cursor still recovers.
        await using var current = await LiveClient.ConnectAsync(server, Demo.Admin, new Cursor(head, start.Epoch), transport: transport);
        Assert.True(current.LastResume!.Recovered);
    }

    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task ClientHeldOfflineAcrossAKillMinus9ResumesFromItsCursorAndMissesNothing(LiveTransport transport)
    {
        await using var server = await ServerProcess.StartNewAsync();
        var manager = await server.LoginAsync(Demo.Manager);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Across the crash");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        await using var ana = await LiveClient.ConnectAsync(server, Demo.Ana, beforeEachConnect: () => Volatile.Read(ref gate).Task, transport: transport);

        // The client cannot reconnect until every post-restart write is committed, so only replay can deliver them.
        Volatile.Write(ref gate, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        await server.KillAsync();
        await server.RestartAsync();
        var again = await server.LoginAsync(Demo.Manager);
        var expected = new List<(long Id, long Version)>();
        for (var i = 0; i < 5; i++)
        {
            var changed = await again.ChangePriorityAsync(ticket.Id, Priorities[i % 2]);
            expected.Add((changed.Id, changed.Version));
        }
        var resumesBefore = ana.Resumes.Count;
        gate.SetResult();

        await ana.WaitForAsync(e => e.EntityId == ticket.Id && e.Version == expected[^1].Version, TimeSpan.FromSeconds(60));
        Assert.True(ana.Resumes.Count > resumesBefore);
        Assert.True(ana.LastResume!.Recovered);
        AssertExactly(expected, ana.Events);
    }

    [Fact]
    public async Task CursorJustBelowTheRetainedLogResetsWhileACursorAtItsStartRecovers()
    {
        var (server, admin, _) = await StartWithPrunedLogAsync();
        await using var running = server;
        var status = await admin.GetRealtimeStatusAsync();
        var prunedThrough = status.OldestRetainedSeq - 1;

        var atStart = await admin.GetEventsAsync(prunedThrough, status.Epoch, 1000);
        var justBelow = await admin.GetEventsAsync(prunedThrough - 1, status.Epoch, 1000);

        Assert.False(atStart.Reset);
        Assert.Equal(status.OldestRetainedSeq, atStart.Events[0].Seq);
        Assert.True(justBelow.Reset);
        Assert.Empty(justBelow.Events);
    }

    [Fact]
    public async Task CursorFromAnotherEpochIsResetByHttpReplayAndBySse()
    {
        await using var server = await ServerProcess.StartNewAsync();
        var admin = await server.LoginAsync(Demo.Admin);
        var ticket = await admin.NewTicketAsync(Demo.SupportTeam, "Epochs");
        await admin.ChangePriorityAsync(ticket.Id, TicketPriority.High);
        var status = await admin.GetRealtimeStatusAsync();
        const string foreign = "0123456789abcdef";

        var page = await admin.GetEventsAsync(status.Head - 2, foreign, 1000);
        Assert.True(page.Reset);
        Assert.Empty(page.Events);

        await using var sse = await SseReader.OpenAsync(server, admin.AccessToken!, $"?since={status.Head - 2}&epoch={foreign}");
        var first = await Eventually.FirstAsync(() => sse.Frames.Select(f => f.Event), e => e is "reset" or "event", null,
            () => $"{sse.Frames.Count} frame(s)");
        Assert.Equal("reset", first);
    }

    /// <summary>A server that keeps only 10 events, after 30 changes and a retention sweep past the starting head.</summary>
    private static async Task<(ServerProcess Server, LiveDeskApiClient Admin, RealtimeStatus BeforeChurn)> StartWithPrunedLogAsync()
    {
        var server = await ServerProcess.StartNewAsync(new Dictionary<string, string?>
        {
            ["LiveDesk__EventLog__RetentionMaxEvents"] = "10",
            ["LiveDesk__EventLog__RetentionSweepInterval"] = "00:00:00.200",
        });
        var admin = await server.LoginAsync(Demo.Admin);
        var ticket = await admin.NewTicketAsync(Demo.SupportTeam, "Churn");
        var start = await admin.GetRealtimeStatusAsync();
        for (var i = 0; i < 30; i++)
        {
            await admin.ChangePriorityAsync(ticket.Id, Priorities[i % 2]);
        }
        // Wait until retention has caught up with the last write (10 events left), not just until some sweep ran
        // mid-churn: otherwise a later sweep can still move the boundary while the test reads it.
        await Eventually.TrueAsync(async () =>
        {
            var now = await admin.GetRealtimeStatusAsync();
            return now.OldestRetainedSeq > start.Head + 2 && now.Head - now.OldestRetainedSeq + 1 <= 10;
        });
        return (server, admin, start);
    }

    private static void AssertExactly(IReadOnlyList<(long Id, long Version)> expected, IReadOnlyList<EventEnvelope> events)
    {
        var tickets = events.Where(e => e.Entity == EntityNames.Ticket && e.Type != EventTypes.TicketCreated).ToList();
        Assert.Equal(expected, tickets.Select(e => (e.EntityId, e.Version)).ToList());
        var seqs = events.Select(e => e.Seq).ToList();
        Assert.Equal(seqs.Order().Distinct(), seqs);
    }
}
