using System.Globalization;
using System.Text.Json;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.Connections;
using LiveDesk.Server.Realtime.Dispatch;
using LiveDesk.Server.Realtime.EventLog;
using LiveDesk.Server.Realtime.Rooms;

namespace LiveDesk.Server.Realtime.Http;

/// <summary><c>GET /api/events/stream</c>: Server-Sent Events with <c>id:</c> = seq. It reads the log for every
/// step, replay and live alike, so it filters exactly as replay does and needs no per-client buffer.</summary>
public static class EventStream
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private const int PageSize = 200;

    public static async Task RunAsync(HttpContext http, EventLogReader reader, RoomAccessPolicy policy,
        EventDispatcher dispatcher, LiveSessions sessions, ViewerLoader viewers, long? since, string? epoch, string? rooms)
    {
        var viewer = await http.GetViewerAsync();
        if (viewer is null)
        {
            await Results.Unauthorized().ExecuteAsync(http);
            return;
        }
        var errors = new Dictionary<string, string[]>();
        var extras = EventEndpoints.ParseRooms(rooms, policy, errors);
        var cursor = ReadCursor(http, since, epoch, errors);
        if (errors.Count > 0)
        {
            await Results.ValidationProblem(errors).ExecuteAsync(http);
            return;
        }
        if ((await policy.FilterAsync(viewer, extras, http.RequestAborted)).Count != extras.Count)
        {
            await Results.Forbid().ExecuteAsync(http);
            return;
        }

        // Registered like any live connection, so logout, deactivation and the token's expiry end it too.
        var identity = AccessTokenIdentity.From(http.User);
        var connected = identity is null ? null : await sessions.ConnectAsync(identity, v => new SseLiveConnection(http, v), http.RequestAborted);
        if (connected?.Connection is not SseLiveConnection connection)
        {
            if (connected?.Refusal == ConnectRefusal.CoolingDown)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), http.RequestAborted);
            }
            await (connected?.Refusal is ConnectRefusal.TooManyConnections or ConnectRefusal.CoolingDown
                ? Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: connected.Reason)
                : Results.Unauthorized()).ExecuteAsync(http);
            return;
        }
        http.Response.Headers.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var stream = new Stream(http.Response, reader, policy, dispatcher, viewers, viewer.UserId, extras);
        try
        {
            await stream.RunAsync(cursor, connection.Ended);
        }
        catch (OperationCanceledException) when (connection.Ended.IsCancellationRequested)
        {
            // The client went away, or the server ended the stream: say why, if the client is still there.
            if (connection.Reason is { } reason && !http.RequestAborted.IsCancellationRequested)
            {
                await stream.WriteEndAsync(reason);
            }
        }
        finally
        {
            sessions.Disconnect(connection.Id);
            connection.Dispose();
        }
    }

    private sealed class Stream(HttpResponse response, EventLogReader reader, RoomAccessPolicy policy,
        EventDispatcher dispatcher, ViewerLoader viewers, long userId, List<Room> extras)
    {
        private DateTime _lastWrite = DateTime.UtcNow;

        public async Task RunAsync(Cursor? cursor, CancellationToken ct)
        {
            await WriteAsync(": livedesk event stream\n\n", ct);
            while (!ct.IsCancellationRequested)
            {
                // Take the signal before reading, so a publish between the read and the wait is not missed.
                var published = dispatcher.NextPublishAsync();
                // Access is decided again on every read, as of now: a ticket that moved out of sight, a team the user
                // left. The head is read first, so nothing committed after the decision is read with it.
                var state = await reader.ReadStateAsync(ct);
                if (await viewers.LoadAsync(userId, ct) is not { } viewer)
                {
                    await WriteEndAsync(Connections.ConnectionLifetimes.UserDeactivated);
                    return;
                }
                var rooms = await EventEndpoints.RoomNamesAsync(viewer, await policy.FilterAsync(viewer, extras, ct), policy, ct);
                var page = await reader.ReadAsync(cursor, rooms, PageSize, ct, state);
                if (!page.Recovered)
                {
                    await WriteEventAsync("reset", page.Head, new ResumeResult(false, page.Head, page.Epoch), ct);
                    cursor = new Cursor(page.Head, page.Epoch);
                    continue;
                }
                foreach (var envelope in page.Events)
                {
                    await WriteEventAsync("event", envelope.Seq, envelope, ct);
                }
                if (cursor is null)
                {
                    await WriteEventAsync("ready", page.Head, new ResumeResult(true, page.Head, page.Epoch), ct);
                }
                cursor = new Cursor(page.Head, page.Epoch);
                if (page.HasMore)
                {
                    continue;
                }
                var quiet = Heartbeat - (DateTime.UtcNow - _lastWrite);
                var heartbeat = Task.Delay(quiet > TimeSpan.Zero ? quiet : TimeSpan.Zero, ct);
                if (await Task.WhenAny(published, heartbeat) == heartbeat)
                {
                    // An id-only frame moves EventSource's Last-Event-ID to the head without dispatching anything,
                    // so a quiet stream's cursor stays fresh and retention never forces it into a reset.
                    await WriteAsync($": keep-alive\nid: {cursor.Seq}\n\n", ct);
                }
            }
        }

        /// <summary>The last frame when the server ends the stream: <c>event: end</c> with the reason. A client should
        /// not reconnect with the same token after it.</summary>
        public async Task WriteEndAsync(string reason)
        {
            try
            {
                await WriteAsync($"event: end\ndata: {JsonSerializer.Serialize(new { reason }, EventJson.Options)}\n\n", CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
            {
                // The client left meanwhile.
            }
        }

        private Task WriteEventAsync<T>(string type, long id, T payload, CancellationToken ct) =>
            WriteAsync($"id: {id}\nevent: {type}\ndata: {JsonSerializer.Serialize(payload, EventJson.Options)}\n\n", ct);

        private async Task WriteAsync(string frame, CancellationToken ct)
        {
            await response.WriteAsync(frame, ct);
            await response.Body.FlushAsync(ct);
            _lastWrite = DateTime.UtcNow;
        }
    }

    /// <summary>Last-Event-ID wins over <c>since</c>, as EventSource sends it on reconnect; it is taken without the
    /// URL's epoch, which may be from before a reset this stream already reported. Without either the stream starts
    /// live from the head.</summary>
    private static Cursor? ReadCursor(HttpContext http, long? since, string? epoch, Dictionary<string, string[]> errors)
    {
        if (epoch is { Length: > ProtocolLimits.MaxEpochLength })
        {
            errors["epoch"] = ["epoch is too long."];
            return null;
        }
        var lastEventId = http.Request.Headers["Last-Event-ID"].ToString();
        if (!string.IsNullOrEmpty(lastEventId))
        {
            if (!long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
            {
                errors["Last-Event-ID"] = ["Last-Event-ID must be a seq the server sent."];
                return null;
            }
            return new Cursor(seq, null);
        }
        if (since is < 0)
        {
            errors["since"] = ["since must be zero or a seq the server returned."];
            return null;
        }
        return since is null ? null : new Cursor(since.Value, epoch);
    }
}
