namespace LiveDesk.Server.Realtime.Dispatch;

/// <summary>Counts published events over a sliding window for the status endpoint.</summary>
public sealed class DeliveryMetrics(TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private readonly Queue<(DateTimeOffset At, int Count)> _events = new();
    private long _deliveries;

    public long TotalDeliveries => Interlocked.Read(ref _deliveries);

    public void RecordDeliveries(int count) => Interlocked.Add(ref _deliveries, count);

    public void RecordEvents(int count)
    {
        lock (_events)
        {
            _events.Enqueue((time.GetUtcNow(), count));
            Trim();
        }
    }

    public double EventsPerSecond()
    {
        lock (_events)
        {
            Trim();
            return _events.Sum(e => e.Count) / Window.TotalSeconds;
        }
    }

    private void Trim()
    {
        var cutoff = time.GetUtcNow() - Window;
        while (_events.Count > 0 && _events.Peek().At < cutoff)
        {
            _events.Dequeue();
        }
    }
}
