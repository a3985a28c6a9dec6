using LiveDesk.Bench.Accounting;

namespace LiveDesk.Bench.Tests;

/// <summary>The bench's loss check must catch a real loss, never pass vacuously.</summary>
public sealed class LossAccountingTests
{
    private static readonly (string Room, long Seq)[] Log =
    [
        ("team:1", 1), ("role:manager", 1),
        ("team:2", 2),
        ("team:1", 3), ("user:7", 3),
        ("user:7", 4),
    ];

    [Fact]
    public void ClientsThatGotExactlyTheirRoomsEventsAreExact()
    {
        var report = LossAccounting.Check(Log,
        [
            new ClientReceipts("a", ["user:7", "team:1"], [1, 3, 4]),
            new ClientReceipts("b", ["user:8", "team:2"], [2]),
        ]);

        Assert.True(report.Exact);
        Assert.Equal(4, report.ExpectedDeliveries);
        Assert.Equal(4, report.ReceivedDeliveries);
    }

    [Fact]
    public void ADeliberatelyDroppedEventIsReportedAsLoss()
    {
        var report = LossAccounting.Check(Log,
        [
            new ClientReceipts("a", ["user:7", "team:1"], [1, 4]),
            new ClientReceipts("b", ["user:8", "team:2"], [2]),
        ]);

        Assert.False(report.Exact);
        Assert.Equal(1, report.Missing);
        Assert.Equal(1, report.ClientsWithProblems);
        Assert.Contains("missing 1 (first: 3)", Assert.Single(report.Examples));
    }

    [Fact]
    public void AnEventFromAnotherRoomADuplicateAndAnOutOfOrderEventAreAllReported()
    {
        var report = LossAccounting.Check(Log,
        [
            new ClientReceipts("leak", ["user:8", "team:2"], [2, 3]),
            new ClientReceipts("dup", ["user:9", "team:1"], [1, 3, 3]),
            new ClientReceipts("order", ["user:9", "team:1"], [3, 1]),
        ]);

        Assert.Equal(0, report.Missing);
        Assert.Equal(1, report.Unexpected);
        Assert.Equal(1, report.Duplicates);
        Assert.Equal(2, report.OutOfOrder); // the duplicate is also not increasing
        Assert.Equal(3, report.ClientsWithProblems);
    }

    [Fact]
    public void AClientThatReceivedNothingWhileItsRoomsHadEventsIsALoss()
    {
        var report = LossAccounting.Check(Log, [new ClientReceipts("silent", ["team:1"], [])]);

        Assert.Equal(2, report.Missing);
        Assert.False(report.Exact);
    }
}
