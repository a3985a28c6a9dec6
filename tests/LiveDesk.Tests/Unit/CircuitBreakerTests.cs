using LiveDesk.Client;
using Microsoft.Extensions.Time.Testing;

namespace LiveDesk.Tests.Unit;

/// <summary>Every transition of the SDK's circuit breaker, with the clock passed in (issue 12, must-show 3's unit part).</summary>
public sealed class CircuitBreakerTests
{
    private static readonly BreakerOptions Options = new()
    {
        FailureThreshold = 3, Window = TimeSpan.FromSeconds(10), OpenFor = TimeSpan.FromSeconds(30), ProbeSuccesses = 2,
    };

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-02T12:00:00Z"));
    private readonly List<(BreakerState From, BreakerState To, string Reason)> _changes = [];

    private CircuitBreaker NewBreaker()
    {
        var breaker = new CircuitBreaker("ticket", Options, _clock);
        breaker.Changed += (_, from, to, reason) => _changes.Add((from, to, reason));
        return breaker;
    }

    [Fact]
    public void FailuresWithinTheWindowOpenItAndFailuresSpreadOutDoNot()
    {
        var breaker = NewBreaker();
        breaker.RecordFailure("gap");
        _clock.Advance(TimeSpan.FromSeconds(6));
        breaker.RecordFailure("gap");
        _clock.Advance(TimeSpan.FromSeconds(6));
        breaker.RecordFailure("gap");
        Assert.Equal(BreakerState.Closed, breaker.State);
        Assert.True(breaker.AppliesEvents);

        breaker.RecordFailure("apply failed");

        Assert.Equal(BreakerState.Open, breaker.State);
        Assert.False(breaker.AppliesEvents);
        var opened = Assert.Single(_changes);
        Assert.Equal((BreakerState.Closed, BreakerState.Open), (opened.From, opened.To));
        Assert.Contains("3 failures within 10 s", opened.Reason);
    }

    [Fact]
    public void AnOpenBreakerProbesAfterItsPeriodAndClosesAfterEnoughHealthyEvents()
    {
        var breaker = NewBreaker();
        for (var i = 0; i < 3; i++)
        {
            breaker.RecordFailure("gap");
        }
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(BreakerState.Open, breaker.State);
        breaker.RecordSuccess();
        Assert.Equal(BreakerState.Open, breaker.State);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(BreakerState.HalfOpen, breaker.State);
        Assert.True(breaker.AppliesEvents);
        breaker.RecordSuccess();
        Assert.Equal(BreakerState.HalfOpen, breaker.State);
        breaker.RecordSuccess();

        Assert.Equal(BreakerState.Closed, breaker.State);
        Assert.Equal([BreakerState.Open, BreakerState.HalfOpen, BreakerState.Closed], _changes.Select(c => c.To));
    }

    [Fact]
    public void AFailureWhileProbingOpensItAgainForAFullPeriod()
    {
        var breaker = NewBreaker();
        for (var i = 0; i < 3; i++)
        {
            breaker.RecordFailure("gap");
        }
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(BreakerState.HalfOpen, breaker.State);

        breaker.RecordFailure("apply failed");

        Assert.Equal(BreakerState.Open, breaker.State);
        Assert.Contains("failed while probing", _changes[^1].Reason);
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(BreakerState.Open, breaker.State);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(BreakerState.HalfOpen, breaker.State);
    }

    [Fact]
    public void AClosedBreakerForgetsOldFailuresSoTheNextOpeningNeedsAFreshRun()
    {
        var breaker = NewBreaker();
        for (var i = 0; i < 3; i++)
        {
            breaker.RecordFailure("gap");
        }
        _clock.Advance(TimeSpan.FromSeconds(30));
        breaker.RecordSuccess();
        breaker.RecordSuccess();
        Assert.Equal(BreakerState.Closed, breaker.State);

        breaker.RecordFailure("gap");
        breaker.RecordFailure("gap");

        Assert.Equal(BreakerState.Closed, breaker.State);
    }
}
