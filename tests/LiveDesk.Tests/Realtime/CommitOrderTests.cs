using LiveDesk.Contracts.Realtime;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LiveDesk.Tests.Realtime;

/// <summary>Promise 2: commit order equals seq order, so a reader that keeps resuming from its last seq while
/// writers race never steps over a seq that commits later.</summary>
public abstract class CommitOrderTests<TFixture>(TFixture fixture, ITestOutputHelper output) where TFixture : ServerFixture
{
    [Fact]
    public async Task ReaderResumingWhileWritersRaceCollectsEverySeqWithNoGaps() =>
        await WriteRace.RunAsync(_ => fixture.Server, output, GetType().Name);
}

public sealed class SqliteCommitOrderTests(ServerFixture fixture, ITestOutputHelper output)
    : CommitOrderTests<ServerFixture>(fixture, output), IClassFixture<ServerFixture>;

[Trait("Database", "PostgreSQL")]
public sealed class PostgresCommitOrderTests(PostgresServerFixture fixture, ITestOutputHelper output)
    : CommitOrderTests<PostgresServerFixture>(fixture, output), IClassFixture<PostgresServerFixture>;

/// <summary>Two nodes share one PostgreSQL; each node's in-process lock covers only itself, so only the advisory
/// lock keeps seq order equal to commit order across them.</summary>
[Trait("Database", "PostgreSQL")]
public sealed class TwoNodePostgresCommitOrderTests(ITestOutputHelper output)
{
    [Fact]
    public async Task TwoNodesWritingToOnePostgresProduceGaplessSeqsInCommitOrder()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var nodeA = await ServerProcess.StartNewAsync(database.ServerEnvironment);
        await using var nodeB = await ServerProcess.StartNewAsync(database.ServerEnvironment);
        await WriteRace.RunAsync(writer => writer % 2 == 0 ? nodeA : nodeB, output, "Two nodes");
    }
}

/// <summary>Four writers race on their own tickets while a reader keeps resuming over HTTP from the last seq it saw;
/// the reader must end up with every seq, in order, with no gaps. The race is a number of writes, not a time window,
/// so a loaded machine makes it slower, never smaller.</summary>
internal static class WriteRace
{
    private const int Writers = 4;
    private const int WritesPerWriter = 50;

    public static async Task RunAsync(Func<int, ServerProcess> nodeForWriter, ITestOutputHelper output, string label)
    {
        var admin = await nodeForWriter(0).LoginAsync(Demo.Admin);
        var epoch = (await admin.GetRealtimeStatusAsync()).Epoch;
        var tickets = new List<TicketDto>();
        var sessions = new List<LiveDesk.Client.LiveDeskApiClient>();
        for (var i = 0; i < Writers; i++)
        {
            tickets.Add(await admin.NewTicketAsync(i % 2 == 0 ? Demo.SupportTeam : Demo.FieldOpsTeam, $"Race {i}"));
            sessions.Add(await nodeForWriter(i).LoginAsync(Demo.Manager));
        }
        var startSeq = (await admin.GetRealtimeStatusAsync()).Head;

        var writers = tickets.Select((ticket, index) => Task.Run(async () =>
        {
            var started = DateTime.UtcNow;
            for (var write = 0; write < WritesPerWriter; write++)
            {
                await sessions[index].ChangePriorityAsync(ticket.Id, write % 2 == 0 ? TicketPriority.High : TicketPriority.Low);
            }
            return (Started: started, Ended: DateTime.UtcNow);
        })).ToList();

        var collected = new List<long>();
        var last = startSeq;
        while (!writers.All(w => w.IsCompleted))
        {
            last = await ReadFromAsync(admin, last, epoch, collected);
        }
        var spans = await Task.WhenAll(writers);
        await ReadFromAsync(admin, last, epoch, collected);

        var head = (await admin.GetRealtimeStatusAsync()).Head;
        const int totalWrites = Writers * WritesPerWriter;
        output.WriteLine($"{label}: {totalWrites} writes by {Writers} concurrent writers in " +
            $"{(spans.Max(s => s.Ended) - spans.Min(s => s.Started)).TotalSeconds:0.0} s, {collected.Count} seqs collected by the resuming reader");
        // The writers really raced: every one was still writing when the last one started.
        Assert.True(spans.Max(s => s.Started) < spans.Min(s => s.Ended), "the writers did not overlap; the race was not exercised");
        Assert.Equal(totalWrites, head - startSeq);
        Assert.Equal(Enumerable.Range((int)startSeq + 1, totalWrites).Select(x => (long)x), collected);
    }

    private static async Task<long> ReadFromAsync(LiveDesk.Client.LiveDeskApiClient admin, long since, string epoch, List<long> collected)
    {
        while (true)
        {
            var page = await admin.GetEventsAsync(since, epoch, 1000);
            Assert.False(page.Reset, "the reader was reset during the race");
            collected.AddRange(page.Events.Select(e => e.Seq));
            since = page.Events.Count > 0 ? page.Events[^1].Seq : since;
            if (!page.HasMore)
            {
                return since;
            }
        }
    }
}
