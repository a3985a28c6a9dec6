using Microsoft.Extensions.Logging;

namespace LiveDesk.Client;

public sealed partial class LiveConnection
{
    // Per-connection happenings are Debug: a bench with thousands of connections would drown in Information.
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Live (recovered: {Recovered}) at seq {Seq} in epoch '{Epoch}'.")]
        public static partial void Live(ILogger logger, bool recovered, long seq, string epoch);

        [LoggerMessage(2, LogLevel.Debug, "Connection lost; reconnecting.")]
        public static partial void ConnectionLost(ILogger logger);

        [LoggerMessage(3, LogLevel.Warning, "Connect or resume failed (attempt {Attempt}).")]
        public static partial void SessionFailed(ILogger logger, Exception exception, int attempt);

        [LoggerMessage(4, LogLevel.Debug, "Reconnecting in {Delay}.")]
        public static partial void WaitingToReconnect(ILogger logger, TimeSpan delay);

        [LoggerMessage(5, LogLevel.Error, "The connection loop failed unexpectedly and stopped.")]
        public static partial void SupervisorFailed(ILogger logger, Exception exception);

        [LoggerMessage(6, LogLevel.Error, "A {Handler} handler threw; delivery continues.")]
        public static partial void HandlerFailed(ILogger logger, Exception exception, string handler);

        [LoggerMessage(7, LogLevel.Warning, "Room '{Room}' was rejected on re-join ({Error}); it is forgotten.")]
        public static partial void RoomRejected(ILogger logger, string room, string? error);

        [LoggerMessage(8, LogLevel.Information, "Received an event from another epoch; resuming to find out what changed.")]
        public static partial void ForeignEpochEvent(ILogger logger);

        [LoggerMessage(9, LogLevel.Warning, "More than {Limit} events arrived during one resume; treating it as a reset.")]
        public static partial void ResumeBufferOverflowed(ILogger logger, int limit);

        [LoggerMessage(10, LogLevel.Information, "Reset: refetch by REST and continue from seq {Head} in epoch '{Epoch}'.")]
        public static partial void ResetRequired(ILogger logger, long head, string epoch);

        [LoggerMessage(11, LogLevel.Debug, "The live connection closed with an error.")]
        public static partial void ConnectionClosedWithError(ILogger logger, Exception exception);

        [LoggerMessage(12, LogLevel.Debug, "Stopping the live connection failed.")]
        public static partial void StopFailed(ILogger logger, Exception exception);

        [LoggerMessage(13, LogLevel.Information, "The server refused to move the connection to the fresh token ({Error}); reconnecting with it.")]
        public static partial void ReauthenticateRefused(ILogger logger, string? error);

        [LoggerMessage(15, LogLevel.Debug, "Moved the connection to the fresh token.")]
        public static partial void Reauthenticated(ILogger logger);

        [LoggerMessage(14, LogLevel.Debug, "Moving the connection to the fresh token failed; its reconnect takes it.")]
        public static partial void ReauthenticateFailed(ILogger logger, Exception exception);

        [LoggerMessage(16, LogLevel.Warning, "The server refused the live connection for its limits ({Reason}); waiting {Delay} before trying again.")]
        public static partial void RefusedByLimits(ILogger logger, string reason, TimeSpan delay);
    }
}
