using System.Text.Json;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.Connections;
using LiveDesk.Server.Realtime.Dispatch;
using LiveDesk.Server.Realtime.EventLog;
using LiveDesk.Server.Realtime.Features;
using LiveDesk.Server.Realtime.Http;
using LiveDesk.Server.Realtime.Hub;
using LiveDesk.Server.Realtime.Native;
using LiveDesk.Server.Realtime.Rooms;
using Microsoft.AspNetCore.SignalR;

namespace LiveDesk.Server.Realtime;

public static class RealtimeSetup
{
    public static WebApplicationBuilder AddLiveDeskRealtime(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var backlog = builder.Configuration.GetLiveDeskOptions().Realtime.AcceptBacklog;
        builder.WebHost.UseSockets(sockets => sockets.Backlog = backlog);
        // Each feature folder declares its rooms, events and access rechecks (AddLiveFeature in Program.cs); the core
        // declares the people rooms and composes the rest.
        services.AddLiveFeature<CoreLiveFeature>();
        services.AddSingleton<LiveFeatures>();
        services.AddSingleton<AccessRechecks>();
        services.AddSingleton<ConnectionRegistry>();
        services.AddSingleton<ConnectionLifetimes>();
        services.AddSingleton<InvocationLimiter>();
        services.AddSingleton<Reports.ClientReports>();
        services.AddHostedService(sp => sp.GetRequiredService<ConnectionLifetimes>());
        services.AddSingleton<Signals.SignalRelay>();
        services.AddSingleton<LiveHubLifetimeManager>();
        services.AddSingleton<HubLifetimeManager<LiveHub>>(sp => sp.GetRequiredService<LiveHubLifetimeManager>());
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<WriteLock>();
        services.AddSingleton<ReplayGate>();
        services.AddSingleton<EventDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<EventDispatcher>());
        services.AddSingleton<RetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        services.AddScoped<LiveWriter>();
        services.AddScoped<EventLogReader>();
        services.AddScoped<RoomAccessPolicy>();
        services.AddScoped<LiveSessions>();
        services.AddScoped<ConnectionAccess>();
        services.AddSignalR(hub =>
            {
                // Client-to-server messages are tiny (a room name, a cursor). Up to this size an oversized argument
                // gets a clear error from the method's own validation; beyond it SignalR closes the connection.
                hub.MaximumReceiveMessageSize = 64 * 1024;
                hub.MaximumParallelInvocationsPerClient = 1;
                hub.EnableDetailedErrors = false;
                hub.AddFilter<InvocationLimitFilter>();
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web));
        return builder;
    }

    public static WebApplication MapLiveDeskRealtime(this WebApplication app)
    {
        var bufferBytes = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LiveDeskOptions>>().Value.Realtime.ConnectionBufferBytes;
        app.MapHub<LiveHub>(HubMethods.HubPath, connection =>
        {
            // Bounded in bytes in both directions: a connection that stops reading back-pressures, then is
            // aborted by the dispatcher's slow-consumer timeout, and resumes by cursor later.
            connection.TransportMaxBufferSize = bufferBytes;
            connection.ApplicationMaxBufferSize = bufferBytes;
            // A connection lives no longer than its token, but a client may move it to a fresh one (Reauthenticate), so
            // the expiry is ConnectionLifetimes' to enforce rather than SignalR's.
            connection.CloseOnAuthenticationExpiration = false;
        }).RequireRateLimiting(RateLimiting.Connect);
        // The native framing is answered before the middleware chain: UseNativeLive, first in Program.cs.
        app.MapEvents();
        return app;
    }
}
