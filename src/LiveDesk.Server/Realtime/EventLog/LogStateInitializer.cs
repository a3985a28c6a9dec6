using System.Security.Cryptography;
using LiveDesk.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Realtime.EventLog;

public static class LogStateInitializer
{
    /// <summary>A new database starts a new epoch, so cursors from a database that was lost or replaced are reset
    /// instead of silently skipping history.</summary>
    public static async Task EnsureAsync(LiveDeskDb db, CancellationToken ct)
    {
        if (await db.LogState.AnyAsync(ct))
        {
            return;
        }
        db.LogState.Add(new LogState { Epoch = NewEpoch() });
        await db.SaveChangesAsync(ct);
    }

    public static string NewEpoch() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
