using LiveDesk.Server.Infrastructure;

namespace LiveDesk.Server.Realtime.EventLog;

/// <summary>Serializes writers inside this process. SQLite allows one writer anyway; taking turns here avoids
/// SQLITE_BUSY when two transactions that first read both try to write. PostgreSQL adds an advisory lock on top,
/// which also covers other nodes.</summary>
public sealed class WriteLock() : AsyncGate(1);

/// <summary>Bounds how many replays read the log at once, so a reconnect storm queues its resumes instead of
/// swamping the database that writers need too.</summary>
public sealed class ReplayGate() : AsyncGate(Math.Max(4, Environment.ProcessorCount * 2));
