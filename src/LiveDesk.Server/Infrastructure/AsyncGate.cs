namespace LiveDesk.Server.Infrastructure;

/// <summary>An async semaphore whose slot is released by disposing what <see cref="EnterAsync"/> returns.</summary>
public abstract class AsyncGate(int slots)
{
    private readonly SemaphoreSlim _semaphore = new(slots, slots);

    public async Task<IDisposable> EnterAsync(CancellationToken ct)
    {
        await _semaphore.WaitAsync(ct);
        return new Releaser(_semaphore);
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
