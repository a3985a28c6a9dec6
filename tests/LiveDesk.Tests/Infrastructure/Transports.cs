using LiveDesk.Client;

namespace LiveDesk.Tests.Infrastructure;

/// <summary>Every framing of the live protocol the server offers: protocol tests run once per transport.</summary>
public static class Transports
{
    public static TheoryData<LiveTransport> All => [LiveTransport.Native, LiveTransport.SignalR];
}
