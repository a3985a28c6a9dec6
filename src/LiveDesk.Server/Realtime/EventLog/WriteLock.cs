namespace LiveDesk.Server.Realtime.EventLog;

/// <summary>Serializes writers inside this process. SQLite allows one writer anyway; taking turns here avoids
/// SQLITE_BUSY when two transactions that first read both try to write. PostgreSQL adds an advisory lock on top,
/// which also covers other nodes.</summary>
public sealed class WriteLock
{
    private readonly SemaphoreSlim _semaphore = new(1, 1);

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
