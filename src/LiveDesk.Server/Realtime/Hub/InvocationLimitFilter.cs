using LiveDesk.Server.Realtime.Connections;
using Microsoft.AspNetCore.SignalR;

namespace LiveDesk.Server.Realtime.Hub;

/// <summary>Puts every hub method call through the <see cref="InvocationLimiter"/>, as the native endpoint does for its
/// requests: over the limit the call fails with a HubException the client sees.</summary>
public sealed class InvocationLimitFilter(InvocationLimiter limiter, ConnectionRegistry registry) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (registry.Find(invocation.Context.ConnectionId) is { } connection && limiter.Check(connection) is { } refusal)
        {
            throw new HubException(refusal);
        }
        return await next(invocation);
    }
}
