using System.Net.WebSockets;
using System.Text.Json;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.Connections;
using LiveDesk.Server.Realtime.EventLog;

namespace LiveDesk.Server.Realtime.Native;

/// <summary>The native WebSocket framing of the live protocol at <c>/live/ws</c> (docs/realtime-protocol.md). Requests
/// are handled one at a time per connection, each in a service scope of its own, by the same <see cref="LiveSessions"/>
/// as the SignalR hub.</summary>
public static partial class NativeSocketEndpoint
{
    public static IEndpointConventionBuilder MapNativeLive(this IEndpointRouteBuilder app) =>
        // Anonymous to the authorization middleware: RunAsync checks the token itself (NativeTokenValidator).
        app.Map(NativeProtocol.Path, RunAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimiting.Connect)
            .ExcludeFromDescription();

    private static async Task RunAsync(HttpContext http, IServiceScopeFactory scopes, NativeTokenValidator tokens,
        ILoggerFactory loggers)
    {
        if (await tokens.ValidateAsync(NativeTokenValidator.ReadToken(http.Request)) is not { } authenticated)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in first.",
                detail: "Send a valid access token as a Bearer Authorization header or as access_token in the query string.")
                .ExecuteAsync(http);
            return;
        }
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket only.",
                detail: $"{NativeProtocol.Path} speaks the live protocol over a WebSocket; connect with a WebSocket client.")
                .ExecuteAsync(http);
            return;
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        NativeLiveConnection? connection;
        await using (var scope = scopes.CreateAsyncScope())
        {
            connection = (NativeLiveConnection?)await scope.ServiceProvider.GetRequiredService<LiveSessions>()
                .ConnectAsync(authenticated.UserId, viewer => new NativeLiveConnection(socket, http, viewer), http.RequestAborted);
        }
        if (connection is null)
        {
            await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "Unknown user.", CancellationToken.None);
            return;
        }

        var logger = loggers.CreateLogger(typeof(NativeSocketEndpoint));
        // A connection lives no longer than its token, as on the hub; the client reconnects with a fresh one. The close
        // frame goes out beside the receive loop (cancelling a WebSocket receive would abort the socket instead), and a
        // client that does not answer it within a few seconds is cut off.
        using var tokenExpiry = new CancellationTokenSource(Max(authenticated.ExpiresAt - DateTimeOffset.UtcNow, TimeSpan.Zero));
        using var expiryRegistration = tokenExpiry.Token.Register(() => _ = CloseForExpiredTokenAsync(connection));
        try
        {
            await ReceiveAsync(connection, socket, scopes, http.RequestAborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            LogClosed(logger, connection.Id, e.Message);
        }
        finally
        {
            connection.End();
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<LiveSessions>().Disconnect(connection.Id);
        }
    }

    private static async Task CloseForExpiredTokenAsync(NativeLiveConnection connection)
    {
        await connection.CloseAsync(WebSocketCloseStatus.PolicyViolation, "The access token expired; reconnect with a fresh one.");
        await Task.Delay(TimeSpan.FromSeconds(5));
        connection.Abort();
    }

    private static async Task ReceiveAsync(NativeLiveConnection connection, WebSocket socket,
        IServiceScopeFactory scopes, CancellationToken ct)
    {
        var buffer = new MessageBuffer();
        try
        {
            while (true)
            {
                var type = await buffer.ReceiveAsync(socket, ct);
                if (type is null)
                {
                    await connection.CloseAsync(WebSocketCloseStatus.MessageTooBig,
                        $"Messages are limited to {NativeProtocol.MaxClientMessageBytes} bytes.");
                    return;
                }
                if (type == WebSocketMessageType.Close)
                {
                    await connection.CloseAsync(WebSocketCloseStatus.NormalClosure, null);
                    return;
                }
                var reply = await HandleAsync(connection, buffer.Message, scopes, ct);
                buffer.Reset();
                await connection.SendAsync(reply, ct);
            }
        }
        finally
        {
            buffer.Reset();
        }
    }

    /// <summary>Answers one request. Bad input gets an error reply and the connection stays up, as on the hub.</summary>
    private static async Task<byte[]> HandleAsync(NativeLiveConnection connection, ReadOnlyMemory<byte> message,
        IServiceScopeFactory scopes, CancellationToken ct)
    {
        NativeRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<NativeRequest>(message.Span, EventJson.Options);
        }
        catch (JsonException e)
        {
            return NativeFrames.Reply(0, false, $"The request could not be read: {e.Message}");
        }
        if (request is null)
        {
            return NativeFrames.Reply(0, false, "The request could not be read: expected a JSON object.");
        }

        await using var scope = scopes.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<LiveSessions>();
        switch (request.Type)
        {
            case NativeProtocol.Requests.Subscribe:
                var subscribed = await sessions.SubscribeAsync(connection, request.Room ?? "", ct);
                return NativeFrames.Reply(request.Id, subscribed.Ok, subscribed.Error);
            case NativeProtocol.Requests.Unsubscribe:
                var unsubscribed = sessions.Unsubscribe(connection, request.Room ?? "");
                return NativeFrames.Reply(request.Id, unsubscribed.Ok, unsubscribed.Error);
            case NativeProtocol.Requests.Resume:
                try
                {
                    var resumed = await sessions.ResumeAsync(connection, request.Cursor,
                        (chunk, token) => connection.SendAsync(NativeFrames.Events(chunk), token).AsTask(), ct);
                    return NativeFrames.Reply(request.Id, true, null, resumed);
                }
                catch (Exception e) when (e is ArgumentException or UnauthorizedAccessException)
                {
                    return NativeFrames.Reply(request.Id, false, e.Message);
                }
            default:
                return NativeFrames.Reply(request.Id, false,
                    $"Unknown request type '{request.Type}'. Expected subscribe, unsubscribe or resume.");
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Native connection {ConnectionId} closed: {Reason}")]
    private static partial void LogClosed(ILogger logger, string connectionId, string reason);
}
