namespace LiveDesk.Server.Infrastructure;

/// <summary>How a background loop that polls is told to look now (work was queued, a schedule changed): a wake-up
/// that is remembered until the loop next waits, and many wake-ups in between count as one.</summary>
public sealed class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake-pending: one is enough.
        }
    }

    /// <summary>Waits for a wake-up or the timeout, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}
