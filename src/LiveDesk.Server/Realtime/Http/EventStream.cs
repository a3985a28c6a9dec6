using System.Globalization;
using System.Text.Json;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Identity;
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
        EventDispatcher dispatcher, long? since, string? epoch, string? rooms)
    {
        var viewer = await http.GetViewerAsync();
        if (viewer is null)
        {
            await Results.Unauthorized().ExecuteAsync(http);
            return;
        }
        var errors = new Dictionary<string, string[]>();
        var roomNames = await EventEndpoints.ReadRoomsAsync(viewer, rooms, policy, errors, http.RequestAborted);
        var cursor = ReadCursor(http, since, epoch, errors);
        if (errors.Count > 0)
        {
            await Results.ValidationProblem(errors).ExecuteAsync(http);
            return;
        }
        if (roomNames is null)
        {
            await Results.Forbid().ExecuteAsync(http);
            return;
        }

        http.Response.Headers.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var ct = http.RequestAborted;
        try
        {
            await StreamAsync(http.Response, reader, dispatcher, roomNames, cursor, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away; nothing to clean up.
        }
    }

    private static async Task StreamAsync(HttpResponse response, EventLogReader reader, EventDispatcher dispatcher,
        List<string> rooms, Cursor? cursor, CancellationToken ct)
    {
        await response.WriteAsync(": livedesk event stream\n\n", ct);
        await response.Body.FlushAsync(ct);
        while (!ct.IsCancellationRequested)
        {
            // Take the signal before reading, so a publish between the read and the wait is not missed.
            var published = dispatcher.NextPublishAsync();
            var page = await reader.ReadAsync(cursor, rooms, PageSize, ct);
            if (!page.Recovered)
            {
                await WriteAsync(response, "reset", null, JsonSerializer.Serialize(new ResumeResult(false, page.Head, page.Epoch), EventJson.Options), ct);
                cursor = new Cursor(page.Head, page.Epoch);
                continue;
            }
            foreach (var envelope in page.Events)
            {
                await WriteAsync(response, "event", $"{envelope.Seq}", JsonSerializer.Serialize(envelope, EventJson.Options), ct);
            }
            if (cursor is null)
            {
                await WriteAsync(response, "ready", null, JsonSerializer.Serialize(new ResumeResult(true, page.Head, page.Epoch), EventJson.Options), ct);
            }
            cursor = new Cursor(page.Head, page.Epoch);
            await response.Body.FlushAsync(ct);
            if (page.HasMore)
            {
                continue;
            }
            var heartbeat = Task.Delay(Heartbeat, ct);
            if (await Task.WhenAny(published, heartbeat) == heartbeat)
            {
                await response.WriteAsync(": keep-alive\n\n", ct);
                await response.Body.FlushAsync(ct);
            }
        }
    }

    /// <summary>Last-Event-ID wins over <c>since</c>, as EventSource sends it on reconnect. Without either the stream
    /// starts live from the head.</summary>
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
            return new Cursor(seq, epoch);
        }
        if (since is < 0)
        {
            errors["since"] = ["since must be zero or a seq the server returned."];
            return null;
        }
        return since is null ? null : new Cursor(since.Value, epoch);
    }

    private static async Task WriteAsync(HttpResponse response, string type, string? id, string data, CancellationToken ct)
    {
        var frame = id is null ? $"event: {type}\ndata: {data}\n\n" : $"id: {id}\nevent: {type}\ndata: {data}\n\n";
        await response.WriteAsync(frame, ct);
    }
}
