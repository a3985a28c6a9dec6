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

    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RawHub(HubConnection connection)
    {
        Connection = connection;
        connection.Closed += error =>
        {
            _closed.TrySetResult(error);
            return Task.CompletedTask;
        };
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

    /// <summary>Completes when the server closes the connection (this client never reconnects by itself), with the
    /// server's reason when it gave one.</summary>
    public Task<Exception?> Closed => _closed.Task;

    public static async Task<RawHub> ConnectAsync(ServerProcess server, string email) =>
        await ConnectAsync(server, await server.LoginAsync(email));

    public static async Task<RawHub> ConnectAsync(ServerProcess server, LiveDesk.Client.LiveDeskApiClient api)
    {
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
