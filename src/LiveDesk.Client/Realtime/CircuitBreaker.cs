namespace LiveDesk.Client;

public enum BreakerState
{
    /// <summary>Events are applied to the cache as they come.</summary>
    Closed,

    /// <summary>Too many failures: the entity type's views are refetched by REST instead of patched.</summary>
    Open,

    /// <summary>The open period is over: events are applied again as a probe; a failure opens it again, enough
    /// successes close it.</summary>
    HalfOpen,
}

public sealed record BreakerOptions
{
    /// <summary>Failures (an event that failed to apply, a version gap) within <see cref="Window"/> that open it.</summary>
    public int FailureThreshold { get; init; } = 5;

    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long it stays open before probing.</summary>
    public TimeSpan OpenFor { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Events applied without failure while half-open that close it.</summary>
    public int ProbeSuccesses { get; init; } = 10;
}

/// <summary>One entity type's circuit breaker (docs/realtime-protocol.md, Feature flags and safety valves): it opens
/// when applying that type's events keeps failing, so the client falls back to refetching, and closes again after a
/// healthy probe. The clock is passed in, so every transition is testable without waiting. Not thread-safe: a
/// connection applies events one batch at a time.</summary>
public sealed class CircuitBreaker(string entity, BreakerOptions? options = null, TimeProvider? time = null)
{
    private readonly BreakerOptions _options = options ?? new BreakerOptions();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Queue<DateTimeOffset> _failures = new();
    private BreakerState _state = BreakerState.Closed;
    private DateTimeOffset _openedAt;
    private int _probeSuccesses;

    public string Entity { get; } = entity;

    /// <summary>(entity, from, to, reason) on every transition, for the client's log line and its report to the server.</summary>
    public event Action<string, BreakerState, BreakerState, string>? Changed;

    /// <summary>The state now; an open breaker whose period is over turns half-open here.</summary>
    public BreakerState State
    {
        get
        {
            if (_state == BreakerState.Open && _time.GetUtcNow() - _openedAt >= _options.OpenFor)
            {
                _probeSuccesses = 0;
                Move(BreakerState.HalfOpen, $"open for {_options.OpenFor.TotalSeconds:0} s; probing");
            }
            return _state;
        }
    }

    /// <summary>Whether events of this type may be applied to the cache (closed, or probing while half-open).</summary>
    public bool AppliesEvents => State != BreakerState.Open;

    public void RecordFailure(string reason)
    {
        var now = _time.GetUtcNow();
        switch (State)
        {
            case BreakerState.HalfOpen:
                Open(now, $"failed while probing: {reason}");
                return;
            case BreakerState.Open:
                return;
        }
        _failures.Enqueue(now);
        while (_failures.Count > 0 && now - _failures.Peek() > _options.Window)
        {
            _failures.Dequeue();
        }
        if (_failures.Count >= _options.FailureThreshold)
        {
            Open(now, $"{_failures.Count} failures within {_options.Window.TotalSeconds:0} s, the last: {reason}");
        }
    }

    public void RecordSuccess()
    {
        if (State == BreakerState.HalfOpen && ++_probeSuccesses >= _options.ProbeSuccesses)
        {
            _failures.Clear();
            Move(BreakerState.Closed, $"{_probeSuccesses} events applied while probing");
        }
    }

    private void Open(DateTimeOffset now, string reason)
    {
        _openedAt = now;
        _failures.Clear();
        Move(BreakerState.Open, reason);
    }

    private void Move(BreakerState to, string reason)
    {
        var from = _state;
        _state = to;
        Changed?.Invoke(Entity, from, to, reason);
    }
}
