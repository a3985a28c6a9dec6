using System.Collections.Concurrent;
using System.Text.Json;
using LiveDesk.Contracts.Realtime;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LiveDesk.Tests.Infrastructure;

/// <summary>A bare SignalR connection without the SDK's dedupe, to see exactly what the server sends and to send it
/// garbage.</summary>
public sealed class RawHub : IAsyncDisposable
{
    private readonly ConcurrentQueue<EventEnvelope> _received = new();

    private RawHub(HubConnection connection)
    {
        Connection = connection;
        connection.On<EventEnvelope[]>(HubMethods.Events, batch =>
        {
            foreach (var envelope in batch)
            {
                _received.Enqueue(envelope);
            }
        });
    }

    public HubConnection Connection { get; }

    /// <summary>Everything received, duplicates included, in arrival order.</summary>
    public IReadOnlyList<EventEnvelope> Received => [.. _received];

    public static async Task<RawHub> ConnectAsync(ServerProcess server, string email)
    {
        var api = await server.LoginAsync(email);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, HubMethods.HubPath.TrimStart('/')), o => o.AccessTokenProvider = () => Task.FromResult(api.AccessToken))
            .AddJsonProtocol(o => o.PayloadSerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web))
            .Build();
        await connection.StartAsync();
        return new RawHub(connection);
    }

    public Task<EventEnvelope> WaitForAsync(Func<EventEnvelope, bool> predicate, TimeSpan? timeout = null) =>
        Eventually.FirstAsync(() => _received, predicate, timeout, () => $"{_received.Count} event(s) received");

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
