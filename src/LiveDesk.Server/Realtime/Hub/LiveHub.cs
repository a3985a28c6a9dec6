using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Realtime.Connections;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace LiveDesk.Server.Realtime.Hub;

/// <summary>The SignalR framing of the live protocol at <c>/hubs/live</c>. Events go out through the client method
/// <c>events</c>; clients call Subscribe, Unsubscribe and Resume. What they do is <see cref="LiveSessions"/>'s.</summary>
[Authorize]
public sealed class LiveHub(LiveSessions sessions, LiveHubLifetimeManager lifetime) : Microsoft.AspNetCore.SignalR.Hub
{
    public override async Task OnConnectedAsync()
    {
        var context = lifetime.Find(Context.ConnectionId) ?? throw new HubException("The connection closed while connecting.");
        var identity = Identity.AccessTokenIdentity.From(Context.User!) ?? throw new HubException("Unknown user.");
        var connected = await sessions.ConnectAsync(identity, viewer => new HubLiveConnection(context, viewer), Context.ConnectionAborted);
        if (connected.Connection is null)
        {
            if (connected.Refusal == ConnectRefusal.CoolingDown)
            {
                // Held a moment, so a client reconnecting in a loop cannot keep the node busy (InvocationLimiter.Tarpit).
                await Task.Delay(TimeSpan.FromSeconds(2), Context.ConnectionAborted);
            }
            // The message reaches the client in SignalR's close message.
            throw new HubException(connected.Reason);
        }
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        sessions.Disconnect(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>An ephemeral signal (typing) to a room this connection is in; see SignalRelay.</summary>
    public SubscribeResult Signal(string room, string name, Signals.SignalRelay relay) => relay.Send(Current(), room, name);

    /// <summary>Moves this connection to a fresh access token (after a refresh) so it is not closed when the old one
    /// expires.</summary>
    public Task<SubscribeResult> Reauthenticate(string token) => sessions.ReauthenticateAsync(Current(), token);

    public Task<SubscribeResult> Subscribe(string room) => sessions.SubscribeAsync(Current(), room, Context.ConnectionAborted);

    public SubscribeResult Unsubscribe(string room) => sessions.Unsubscribe(Current(), room);

    /// <summary>Sends every event after <paramref name="cursor"/> for this connection's rooms through
    /// <c>events</c>, oldest first, then answers. A null cursor starts live from the head.</summary>
    public async Task<ResumeResult> Resume(Cursor? cursor)
    {
        try
        {
            return await sessions.ResumeAsync(Current(), cursor,
                (chunk, ct) => Clients.Caller.SendAsync(HubMethods.Events, chunk, ct), Context.ConnectionAborted);
        }
        catch (Exception e) when (e is ArgumentException or UnauthorizedAccessException)
        {
            // A HubException's message reaches the client; any other exception's does not.
            throw new HubException(e.Message);
        }
    }

    private LiveConnection Current() =>
        sessions.Find(Context.ConnectionId) ?? throw new HubException("The connection is not registered; reconnect.");
}
