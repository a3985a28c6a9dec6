using LiveDesk.Contracts.Realtime;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Tests.Infrastructure;
using Xunit.Abstractions;

namespace LiveDesk.Tests.Realtime;

/// <summary>Promise 2: commit order equals seq order, so a reader that keeps resuming from its last seq while
/// writers race never steps over a seq that commits later.</summary>
public abstract class CommitOrderTests<TFixture>(TFixture fixture, ITestOutputHelper output) where TFixture : ServerFixture
{
    private const int Writers = 4;
    private static readonly TimeSpan WriteFor = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task ReaderResumingWhileWritersRaceCollectsEverySeqWithNoGaps()
    {
        var admin = await fixture.Server.LoginAsync(Demo.Admin);
        var epoch = (await admin.GetRealtimeStatusAsync()).Epoch;
        var tickets = new List<TicketDto>();
        for (var i = 0; i < Writers; i++)
        {
            tickets.Add(await admin.NewTicketAsync(i % 2 == 0 ? Demo.SupportTeam : Demo.FieldOpsTeam, $"Race {i}"));
        }
        var startSeq = (await admin.GetRealtimeStatusAsync()).Head;

        using var stop = new CancellationTokenSource(WriteFor);
        var writers = tickets.Select(ticket => Task.Run(async () =>
        {
            var writer = await fixture.Server.LoginAsync(Demo.Manager);
            var writes = 0;
            while (!stop.IsCancellationRequested)
            {
                await writer.ChangePriorityAsync(ticket.Id, writes % 2 == 0 ? TicketPriority.High : TicketPriority.Low);
                writes++;
            }
            return writes;
        })).ToList();

        // The reader: repeated resumes over HTTP, each from the last seq it saw.
        var collected = new List<long>();
        var last = startSeq;
        while (!writers.All(w => w.IsCompleted))
        {
            last = await ReadFromAsync(admin, last, epoch, collected);
        }
        var totalWrites = (await Task.WhenAll(writers)).Sum();
        await ReadFromAsync(admin, last, epoch, collected);

        var head = (await admin.GetRealtimeStatusAsync()).Head;
        output.WriteLine($"{GetType().Name}: {totalWrites} writes by {Writers} concurrent writers in {WriteFor.TotalSeconds} s, {collected.Count} seqs collected by the resuming reader");
        Assert.True(totalWrites > Writers * 5, $"only {totalWrites} writes happened; the race was not exercised");
        Assert.Equal(totalWrites, collected.Count);
        Assert.Equal(Enumerable.Range((int)startSeq + 1, (int)(head - startSeq)).Select(x => (long)x), collected);
    }

    internal static async Task<long> ReadFromAsync(LiveDesk.Client.LiveDeskApiClient admin, long since, string epoch, List<long> collected)
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
        var admin = await nodeA.LoginAsync(Demo.Admin);
        var epoch = (await admin.GetRealtimeStatusAsync()).Epoch;
        var tickets = new List<TicketDto>();
        for (var i = 0; i < 4; i++)
        {
            tickets.Add(await admin.NewTicketAsync(Demo.SupportTeam, $"Two-node race {i}"));
        }
        var start = (await admin.GetRealtimeStatusAsync()).Head;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        var writers = tickets.Select((ticket, i) => Task.Run(async () =>
        {
            var writer = await (i % 2 == 0 ? nodeA : nodeB).LoginAsync(Demo.Manager);
            var writes = 0;
            while (!stop.IsCancellationRequested)
            {
                await writer.ChangePriorityAsync(ticket.Id, writes % 2 == 0 ? TicketPriority.High : TicketPriority.Low);
                writes++;
            }
            return writes;
        })).ToList();

        var collected = new List<long>();
        var last = start;
        while (!writers.All(w => w.IsCompleted))
        {
            last = await CommitOrderTests<ServerFixture>.ReadFromAsync(admin, last, epoch, collected);
        }
        var total = (await Task.WhenAll(writers)).Sum();
        await CommitOrderTests<ServerFixture>.ReadFromAsync(admin, last, epoch, collected);

        var head = (await admin.GetRealtimeStatusAsync()).Head;
        output.WriteLine($"Two nodes: {total} writes by 4 concurrent writers in 4 s, {collected.Count} seqs collected");
        Assert.True(total > 20, $"only {total} writes happened; the race was not exercised");
        Assert.Equal(total, collected.Count);
        Assert.Equal(Enumerable.Range((int)start + 1, (int)(head - start)).Select(x => (long)x), collected);
    }
}
