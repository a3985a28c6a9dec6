namespace LiveDesk.Bench.Accounting;

/// <summary>One <c>notification.created</c> a connection received: whose connection, and which notification (the
/// envelope's entity id).</summary>
public readonly record struct NotificationReceipt(long UserId, long NotificationId);

/// <summary>Compares the Notifications table with what the owners' connections received: each row created in the
/// measured range must reach its owner's connection exactly once, and no connection may get anything that is not one of
/// its owner's rows. The log-based <see cref="LossAccounting"/> checks the events; this checks the rows, so a
/// notification written without its event (or an event for a row that never committed) is caught too.</summary>
public static class NotificationAccounting
{
    private const int MaxExamples = 10;

    /// <param name="rows">(notification id, owner) of every row created in the measured range.</param>
    /// <param name="connectedUsers">The users with a connection; rows of others are not expected anywhere.</param>
    /// <param name="receipts">Every <c>notification.created</c> the connections received in the measured range.</param>
    public static LossReport Check(IEnumerable<(long Id, long UserId)> rows, IReadOnlyCollection<long> connectedUsers,
        IEnumerable<NotificationReceipt> receipts)
    {
        var connected = connectedUsers.ToHashSet();
        var owner = new Dictionary<long, long>();
        foreach (var (id, userId) in rows)
        {
            owner[id] = userId;
        }
        var expected = owner.Where(r => connected.Contains(r.Value)).Select(r => r.Key).ToHashSet();
        var times = new Dictionary<long, int>();
        long received = 0, unexpected = 0, duplicates = 0;
        var problemUsers = new HashSet<long>();
        var examples = new List<string>();
        foreach (var receipt in receipts)
        {
            received++;
            if (!owner.TryGetValue(receipt.NotificationId, out var rowOwner) || rowOwner != receipt.UserId)
            {
                unexpected++;
                problemUsers.Add(receipt.UserId);
                Example(examples, $"user {receipt.UserId} got notification {receipt.NotificationId}, " +
                    (rowOwner == 0 ? "which is not in the table's range" : $"which belongs to user {rowOwner}"));
                continue;
            }
            var count = times[receipt.NotificationId] = times.GetValueOrDefault(receipt.NotificationId) + 1;
            if (count > 1)
            {
                duplicates++;
                problemUsers.Add(receipt.UserId);
                Example(examples, $"user {receipt.UserId} got notification {receipt.NotificationId} {count} times");
            }
        }
        long missing = 0;
        foreach (var id in expected.Where(id => !times.ContainsKey(id)).Order())
        {
            missing++;
            problemUsers.Add(owner[id]);
            Example(examples, $"user {owner[id]} never got notification {id}");
        }
        return new LossReport(connected.Count, expected.Count, received, missing, unexpected, duplicates, OutOfOrder: 0,
            problemUsers.Count, examples);
    }

    private static void Example(List<string> examples, string text)
    {
        if (examples.Count < MaxExamples)
        {
            examples.Add(text);
        }
    }
}
