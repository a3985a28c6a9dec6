using LiveDesk.Server.Data;
using LiveDesk.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LiveDesk.Server.Realtime.EventLog;

/// <summary>Serializes everything that changes the log, so seq order equals commit order. Inside this process a
/// semaphore takes turns (SQLite allows one writer anyway; taking turns here avoids SQLITE_BUSY when two transactions
/// that first read both try to write). On PostgreSQL a transaction-scoped advisory lock also covers other nodes.</summary>
public sealed class WriteLock() : AsyncGate(1)
{
    private const long AdvisoryLockKey = 7340031;

    /// <summary>Takes the lock and opens the transaction it protects; disposing the result releases both.</summary>
    public async Task<WriteTransaction> BeginAsync(LiveDeskDb db, CancellationToken ct)
    {
        var gate = await EnterAsync(ct);
        try
        {
            var transaction = await db.Database.BeginTransactionAsync(ct);
            if (db.Database.IsNpgsql())
            {
                // Held until commit: a seq is taken and committed by one writer at a time across all nodes, or a
                // reader could pass a seq whose transaction commits later.
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
            }
            return new WriteTransaction(transaction, gate);
        }
        catch
        {
            gate.Dispose();
            throw;
        }
    }
}

public sealed class WriteTransaction(IDbContextTransaction transaction, IDisposable gate) : IAsyncDisposable
{
    public Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        gate.Dispose();
    }
}

/// <summary>Bounds how many replays read the log at once, so a reconnect storm queues its resumes instead of
/// swamping the database that writers need too.</summary>
public sealed class ReplayGate() : AsyncGate(Math.Max(4, Environment.ProcessorCount * 2));
