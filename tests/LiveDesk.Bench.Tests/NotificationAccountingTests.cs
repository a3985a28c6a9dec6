using LiveDesk.Bench.Accounting;

namespace LiveDesk.Bench.Tests;

/// <summary>S5's check of the Notifications table against the owners' connections must catch every way to be wrong.</summary>
public sealed class NotificationAccountingTests
{
    // Notifications 1 and 2 are user 7's, 3 is user 8's, 4 is user 9's (who is not connected).
    private static readonly (long Id, long UserId)[] Rows = [(1, 7), (2, 7), (3, 8), (4, 9)];
    private static readonly long[] Connected = [7, 8];

    [Fact]
    public void EachRowReceivedOnceByItsOwnerIsExact()
    {
        var report = NotificationAccounting.Check(Rows, Connected, [new(7, 1), new(8, 3), new(7, 2)]);

        Assert.True(report.Exact, string.Join("; ", report.Examples));
        Assert.Equal(3, report.ExpectedDeliveries);
        Assert.Equal(3, report.ReceivedDeliveries);
    }

    [Fact]
    public void ARowThatNeverArrivedIsMissing()
    {
        var report = NotificationAccounting.Check(Rows, Connected, [new(7, 1), new(8, 3)]);

        Assert.False(report.Exact);
        Assert.Equal(1, report.Missing);
        Assert.Contains(report.Examples, e => e.Contains("never got notification 2", StringComparison.Ordinal));
    }

    [Fact]
    public void ARowReceivedTwiceIsADuplicate()
    {
        var report = NotificationAccounting.Check(Rows, Connected, [new(7, 1), new(7, 1), new(7, 2), new(8, 3)]);

        Assert.False(report.Exact);
        Assert.Equal(1, report.Duplicates);
    }

    [Fact]
    public void AnotherUsersNotificationOrOneNotInTheTableIsUnexpected()
    {
        var report = NotificationAccounting.Check(Rows, Connected, [new(7, 1), new(7, 2), new(8, 3), new(8, 1), new(8, 99)]);

        Assert.False(report.Exact);
        Assert.Equal(2, report.Unexpected);
        Assert.Equal(1, report.ClientsWithProblems);
    }
}
