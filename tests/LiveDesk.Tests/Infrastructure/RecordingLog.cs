using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LiveDesk.Tests.Infrastructure;

/// <summary>Keeps what the SDK logs (its own categories, every level, with a timestamp), for a failure message that
/// says what the client saw and when.</summary>
public sealed class RecordingLog : ILoggerFactory
{
    private readonly ConcurrentQueue<string> _lines = new();

    public override string ToString() => string.Join('\n', _lines);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName.StartsWith("LiveDesk", StringComparison.Ordinal));

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(RecordingLog log, bool enabled) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => enabled;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (enabled)
            {
                log._lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {formatter(state, exception)} {exception?.Message}".TrimEnd());
            }
        }
    }
}
