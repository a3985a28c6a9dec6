namespace LiveDesk.Bench.Accounting;

/// <summary>What one client should have received (every event the log holds for its rooms in the measured range) and
/// what it did receive.</summary>
public sealed record ClientReceipts(string Client, IReadOnlyCollection<string> Rooms, IReadOnlyList<long> ReceivedSeqs);

public sealed record LossReport(
    int Clients,
    long ExpectedDeliveries,
    long ReceivedDeliveries,
    long Missing,
    long Unexpected,
    long Duplicates,
    long OutOfOrder,
    int ClientsWithProblems,
    IReadOnlyList<string> Examples)
{
    /// <summary>Exactly the log's events for each client's rooms, each once, in seq order.</summary>
    public bool Exact => Missing == 0 && Unexpected == 0 && Duplicates == 0 && OutOfOrder == 0;
}

/// <summary>Compares each client's receipts with the log. A fast result that lost events is a failure, so every
/// scenario ends here.</summary>
public static class LossAccounting
{
    private const int MaxExamples = 10;

    /// <param name="log">Every (room, seq) row of the event log within the measured range.</param>
    public static LossReport Check(IEnumerable<(string Room, long Seq)> log, IReadOnlyList<ClientReceipts> clients)
    {
        var byRoom = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var (room, seq) in log)
        {
            if (!byRoom.TryGetValue(room, out var seqs))
            {
                byRoom[room] = seqs = [];
            }
            seqs.Add(seq);
        }
        // Clients with the same rooms expect the same set; most scenarios have a handful of distinct room sets.
        var expectedCache = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal);
        long expectedTotal = 0, receivedTotal = 0, missing = 0, unexpected = 0, duplicates = 0, outOfOrder = 0;
        var problemClients = 0;
        var examples = new List<string>();
        foreach (var client in clients)
        {
            var key = string.Join(',', client.Rooms.Order(StringComparer.Ordinal));
            if (!expectedCache.TryGetValue(key, out var expected))
            {
                expected = [];
                foreach (var room in client.Rooms)
                {
                    if (byRoom.TryGetValue(room, out var seqs))
                    {
                        expected.UnionWith(seqs);
                    }
                }
                expectedCache[key] = expected;
            }
            var seen = new HashSet<long>();
            long clientDuplicates = 0, clientUnexpected = 0, clientOutOfOrder = 0, previous = long.MinValue;
            foreach (var seq in client.ReceivedSeqs)
            {
                if (!seen.Add(seq))
                {
                    clientDuplicates++;
                }
                else if (!expected.Contains(seq))
                {
                    clientUnexpected++;
                }
                if (seq <= previous)
                {
                    clientOutOfOrder++;
                }
                previous = seq;
            }
            var clientMissing = expected.Count(seq => !seen.Contains(seq));
            expectedTotal += expected.Count;
            receivedTotal += client.ReceivedSeqs.Count;
            missing += clientMissing;
            unexpected += clientUnexpected;
            duplicates += clientDuplicates;
            outOfOrder += clientOutOfOrder;
            if (clientMissing + clientUnexpected + clientDuplicates + clientOutOfOrder > 0)
            {
                problemClients++;
                if (examples.Count < MaxExamples)
                {
                    var firstMissing = expected.Where(seq => !seen.Contains(seq)).Order().Take(5);
                    examples.Add($"{client.Client}: expected {expected.Count}, received {client.ReceivedSeqs.Count}, missing {clientMissing} " +
                        $"(first: {string.Join(',', firstMissing)}), unexpected {clientUnexpected}, duplicates {clientDuplicates}, out of order {clientOutOfOrder}");
                }
            }
        }
        return new LossReport(clients.Count, expectedTotal, receivedTotal, missing, unexpected, duplicates, outOfOrder,
            problemClients, examples);
    }
}
