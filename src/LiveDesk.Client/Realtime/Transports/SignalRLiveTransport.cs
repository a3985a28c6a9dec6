using LiveDesk.Contracts.Realtime;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveDesk.Client;

/// <summary>The live protocol over the SignalR hub. SignalR hands server-to-client calls to a dispatch loop of its
/// own, so a Resume can return before the replayed events reach the handler; <see cref="EventCountingHubProtocol"/>
/// counts them as they are read, which is what <see cref="ILiveTransport.EventMessagesRead"/> reports.</summary>
internal sealed class SignalRLiveTransport : ILiveTransport
{
    private readonly HubConnection _hub;
    private readonly EventCountingHubProtocol _protocol;

    public SignalRLiveTransport(Uri baseAddress, Func<Task<string?>> accessTokenProvider, LiveConnectionOptions options)
    {
        _protocol = new EventCountingHubProtocol(LiveHubConnectionFactory.JsonProtocol, HubMethods.Events);
        _hub = LiveHubConnectionFactory.Create(baseAddress, accessTokenProvider, options, _protocol);
        _hub.On<EventEnvelope[]?>(HubMethods.Events, batch => EventsReceived?.Invoke(batch));
        _hub.On<SignalMessage>(HubMethods.SignalReceived, signal => SignalReceived?.Invoke(signal));
        _hub.Closed += OnClosed;
    }

    public Action<EventEnvelope[]?>? EventsReceived { get; set; }

    public Action<SignalMessage>? SignalReceived { get; set; }

    public Action<Exception?>? Closed { get; set; }

    public bool IsConnected => _hub.State == HubConnectionState.Connected;

    public long EventMessagesRead => _protocol.Parsed;

    public Task StartAsync(CancellationToken ct) => _hub.StartAsync(ct);

    public Task StopAsync() => _hub.StopAsync(CancellationToken.None);

    public Task<SubscribeResult> SubscribeAsync(string room, CancellationToken ct) => InvokeAsync<SubscribeResult>(HubMethods.Subscribe, room, ct);

    public Task<SubscribeResult> UnsubscribeAsync(string room, CancellationToken ct) => InvokeAsync<SubscribeResult>(HubMethods.Unsubscribe, room, ct);

    public Task<ResumeResult> ResumeAsync(Cursor? cursor, CancellationToken ct) => InvokeAsync<ResumeResult>(HubMethods.Resume, cursor, ct);

    public Task<SubscribeResult> SignalAsync(string room, string name, CancellationToken ct) =>
        _hub.InvokeAsync<SubscribeResult>(HubMethods.Signal, room, name, ct);

    public Task<SubscribeResult> ReauthenticateAsync(string token, CancellationToken ct) =>
        InvokeAsync<SubscribeResult>(HubMethods.Reauthenticate, token, ct);

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    private async Task<T> InvokeAsync<T>(string method, object? argument, CancellationToken ct) where T : class =>
        await _hub.InvokeAsync<T?>(method, argument, ct).ConfigureAwait(false)
        ?? throw new InvalidOperationException($"The server answered {method} without a result.");

    private Task OnClosed(Exception? error)
    {
        // Raised on the thread pool after the fact, so it can arrive late; LiveConnection tells a late one apart.
        Closed?.Invoke(error);
        return Task.CompletedTask;
    }
}
