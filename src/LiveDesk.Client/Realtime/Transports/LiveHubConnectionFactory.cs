using LiveDesk.Contracts.Realtime;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LiveDesk.Client;

internal static class LiveHubConnectionFactory
{
    // One protocol (and so one serializer metadata cache) for every connection in the process: the bench opens
    // thousands, and a cache per connection would be most of their memory.
    private static readonly JsonHubProtocol SharedJsonProtocol = new(Options.Create(new JsonHubProtocolOptions
    {
        PayloadSerializerOptions = LiveDeskJson.Options,
    }));

    public static HubConnection Create(
        Uri baseAddress,
        Func<Task<string?>> accessTokenProvider,
        LiveConnectionOptions options,
        EventCountingHubProtocol protocol)
    {
        var builder = new HubConnectionBuilder().WithUrl(HubUrl(baseAddress), http =>
        {
            http.AccessTokenProvider = accessTokenProvider;
            if (options.HttpMessageHandlerFactory is { } handlerFactory)
            {
                http.HttpMessageHandlerFactory = handlerFactory;
            }
            if (options.SkipNegotiation)
            {
                http.SkipNegotiation = true;
                http.Transports = HttpTransportType.WebSockets;
            }
            options.ConfigureHttpConnection?.Invoke(http);
            // Forced off after the caller's hook: stateful reconnect drops re-sent messages after parsing them, which
            // would break the parsed/dispatched count a resume waits on. The cursor already covers what it offers.
            http.UseStatefulReconnect = false;
        });

        // Replaces the default JSON protocol the builder registers, so ours (the counting wrapper) is the only one.
        builder.Services.RemoveAll<IHubProtocol>();
        builder.Services.AddSingleton<IHubProtocol>(protocol);
        if (options.LoggerFactory is { } loggerFactory)
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(loggerFactory));
        }
        // No WithAutomaticReconnect: it gives up, skips the first connect, and would hide the close that tells
        // LiveConnection to re-join rooms and resume. LiveConnection runs its own loop instead.
        return builder.Build();
    }

    public static JsonHubProtocol JsonProtocol => SharedJsonProtocol;

    private static Uri HubUrl(Uri baseAddress)
    {
        var root = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        return new Uri(root, HubMethods.HubPath.TrimStart('/'));
    }
}
