using System.Collections.Concurrent;
using LiveDesk.Server.Realtime.Hub;
using Microsoft.AspNetCore.SignalR;

namespace LiveDesk.Server.Realtime.Connections;

/// <summary>SignalR's own lifetime manager, plus a map from connection id to its <see cref="HubConnectionContext"/>:
/// the dispatcher writes to each connection itself, so it can tell exactly which one is too slow.</summary>
public sealed class LiveHubLifetimeManager(ILogger<DefaultHubLifetimeManager<LiveHub>> logger)
    : DefaultHubLifetimeManager<LiveHub>(logger)
{
    private readonly ConcurrentDictionary<string, HubConnectionContext> _contexts = new();

    public HubConnectionContext? Find(string connectionId) => _contexts.GetValueOrDefault(connectionId);

    public override Task OnConnectedAsync(HubConnectionContext connection)
    {
        _contexts[connection.ConnectionId] = connection;
        return base.OnConnectedAsync(connection);
    }

    public override Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _contexts.TryRemove(connection.ConnectionId, out _);
        return base.OnDisconnectedAsync(connection);
    }
}
