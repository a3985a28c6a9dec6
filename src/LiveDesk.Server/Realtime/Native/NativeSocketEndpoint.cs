using System.Net.WebSockets;
using System.Text.Json;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.Connections;
using LiveDesk.Server.Realtime.EventLog;

namespace LiveDesk.Server.Realtime.Native;

/// <summary>The native WebSocket framing of the live protocol at <c>/live/ws</c> (docs/realtime-protocol.md). Requests
/// are handled one at a time per connection, each in a service scope of its own, by the same <see cref="LiveSessions"/>
/// as the SignalR hub.</summary>
public static partial class NativeSocketEndpoint
{
    /// <summary>Answers <c>/live/ws</c> first thing in the pipeline, before errors, authentication, rate limiting and
    /// routing. A WebSocket request lasts as long as the connection, and every middleware it passes through keeps its
    /// suspended state (and the request its DI scope) that long: measured at about 1 KiB per idle connection
    /// (docs/performance.md). What those middlewares did for this path, it does itself: the token check
    /// (AccessTokenValidator), the node's connect budget (ConnectLimiter), and its own error handling.</summary>
    public static WebApplication UseNativeLive(this WebApplication app)
    {
        // Pings keep idle connections alive through proxies. The hub's WebSocket transport uses the same middleware.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        var services = app.Services;
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var tokens = services.GetRequiredService<AccessTokenValidator>();
        var limiter = services.GetRequiredService<ConnectLimiter>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(NativeSocketEndpoint));
        // Not an async lambda, so every other request passes through without a state machine of its own.
        app.Use(next => http => http.Request.Path.Equals(NativeProtocol.Path, StringComparison.OrdinalIgnoreCase)
            ? RunGuardedAsync(http, scopes, tokens, limiter, logger)
            : next(http));
        return app;
    }

    private static async Task RunGuardedAsync(HttpContext http, IServiceScopeFactory scopes, AccessTokenValidator tokens,
        ConnectLimiter limiter, ILogger logger)
    {
        try
        {
            using (var lease = await limiter.AcquireAsync(http.RequestAborted))
            {
                if (!lease.IsAcquired)
                {
                    await RateLimiting.RejectAsync(http, lease);
                    return;
                }
            }
            await RunAsync(http, scopes, tokens, logger);
        }
        catch (Exception e) when (e is not OperationCanceledException || !http.RequestAborted.IsCancellationRequested)
        {
            // The exception handler middleware is not in front of this path.
            LogFailed(logger, e);
            if (!http.Response.HasStarted)
            {
                http.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        }
    }

    private static async Task RunAsync(HttpContext http, IServiceScopeFactory scopes, AccessTokenValidator tokens, ILogger logger)
    {
        if (await tokens.ValidateAsync(AccessTokenValidator.ReadToken(http.Request)) is not { } authenticated)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in first.",
                detail: "Send a valid access token as a Bearer Authorization header or as access_token in the query string.")
                .ExecuteAsync(http);
            return;
        }
        // A user whose connection was just closed for flooding is turned away before the upgrade and any database work.
        var limiter = http.RequestServices.GetRequiredService<InvocationLimiter>();
        if (limiter.CooldownLeft(authenticated.UserId) is { } left)
        {
            await Task.Delay(InvocationLimiter.Tarpit(left), http.RequestAborted);
            http.Response.Headers.RetryAfter = Math.Ceiling(left.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: InvocationLimiter.CoolingDown(left)).ExecuteAsync(http);
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
        ConnectResult connected;
        await using (var scope = scopes.CreateAsyncScope())
        {
            connected = await scope.ServiceProvider.GetRequiredService<LiveSessions>()
                .ConnectAsync(authenticated, viewer => new NativeLiveConnection(socket, http, viewer), http.RequestAborted);
        }
        if (connected.Connection is not NativeLiveConnection connection)
        {
            // A browser's WebSocket cannot read a refused handshake's status, so the refusal is a close frame with a
            // code the client can act on (4429: back off, do not reconnect at once) and a reason it can show.
            var status = connected.Refusal switch
            {
                ConnectRefusal.TooManyConnections => (WebSocketCloseStatus)NativeProtocol.CloseCodes.TooManyConnections,
                ConnectRefusal.CoolingDown => (WebSocketCloseStatus)NativeProtocol.CloseCodes.TooManyRequests,
                _ => WebSocketCloseStatus.PolicyViolation,
            };
            await socket.CloseAsync(status, connected.Reason, CancellationToken.None);
            return;
        }

        // A connection lives no longer than its token (ConnectionLifetimes closes it), unless the client moves it to a
        // fresh one with reauthenticate.
        try
        {
            await ReceiveAsync(connection, socket, scopes, limiter, http.RequestAborted);
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

    private static async Task ReceiveAsync(NativeLiveConnection connection, WebSocket socket,
        IServiceScopeFactory scopes, InvocationLimiter limiter, CancellationToken ct)
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
                if (connection.CloseFrameSent is { } closing)
                {
                    // The server is closing it (a flood, an expired token, a logout): nothing more is handled.
                    await closing;
                    return;
                }
                var reply = await HandleAsync(connection, buffer.Message, scopes, limiter, ct);
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
        IServiceScopeFactory scopes, InvocationLimiter limiter, CancellationToken ct)
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

        // Before the scope: a refused request costs as little as possible.
        if (limiter.Check(connection) is { } refusal)
        {
            return NativeFrames.Reply(request.Id, false, refusal);
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
            case NativeProtocol.Requests.Reauthenticate:
                var reauthenticated = await sessions.ReauthenticateAsync(connection, request.Token);
                return NativeFrames.Reply(request.Id, reauthenticated.Ok, reauthenticated.Error);
            case NativeProtocol.Requests.Signal:
                var signalled = scope.ServiceProvider.GetRequiredService<Signals.SignalRelay>().Send(connection, request.Room ?? "", request.Name);
                return NativeFrames.Reply(request.Id, signalled.Ok, signalled.Error);
            default:
                return NativeFrames.Reply(request.Id, false,
                    $"Unknown request type '{request.Type}'. Expected subscribe, unsubscribe, resume, signal or reauthenticate.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The native live endpoint failed.")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Native connection {ConnectionId} closed: {Reason}")]
    private static partial void LogClosed(ILogger logger, string connectionId, string reason);
}
