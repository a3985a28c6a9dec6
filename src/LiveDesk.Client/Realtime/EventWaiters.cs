using LiveDesk.Contracts.Realtime;

namespace LiveDesk.Client;

/// <summary>Pending <see cref="LiveConnection.WaitForAsync"/> calls. Costs one volatile read per event when nobody
/// waits, which is the normal case for thousands of bench connections.</summary>
internal sealed class EventWaiters
{
    private readonly Lock _gate = new();
    private readonly List<Waiter> _waiters = [];
    private volatile int _count;

    public Waiter Add(Func<EventEnvelope, bool> predicate)
    {
        var waiter = new Waiter(predicate);
        lock (_gate)
        {
            _waiters.Add(waiter);
            _count = _waiters.Count;
        }
        return waiter;
    }

    public void Remove(Waiter waiter)
    {
        lock (_gate)
        {
            _waiters.Remove(waiter);
            _count = _waiters.Count;
        }
    }

    public void Notify(EventEnvelope envelope)
    {
        if (_count == 0)
        {
            return;
        }
        Waiter[] snapshot;
        lock (_gate)
        {
            snapshot = [.. _waiters];
        }
        // Predicates are caller code: run them outside the lock.
        foreach (var waiter in snapshot)
        {
            waiter.Offer(envelope);
        }
    }

    internal sealed class Waiter(Func<EventEnvelope, bool> predicate)
    {
        private readonly TaskCompletionSource<EventEnvelope> _completion =
            new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<EventEnvelope> Task => _completion.Task;

        public void Offer(EventEnvelope envelope)
        {
            if (_completion.Task.IsCompleted)
            {
                return;
            }
            try
            {
                if (predicate(envelope))
                {
                    _completion.TrySetResult(envelope);
                }
            }
            catch (Exception ex)
            {
                _completion.TrySetException(ex);
            }
        }
    }
}
