using LiveDesk.Client;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Realtime;

/// <summary>Promise 6: an event whose hand-off from the committing writer to the dispatcher is lost (as when the
/// process dies between commit and publish) still goes out, because the relay reads it from the log.</summary>
public sealed class RelayTests
{
    [Theory]
    [MemberData(nameof(Transports.All), MemberType = typeof(Transports))]
    public async Task EventsWhoseCommitToPublishHandoffIsLostAreStillDeliveredLiveByTheRelay(LiveTransport transport)
    {
        await using var server = await ServerProcess.StartNewAsync(new Dictionary<string, string?>
        {
            ["LiveDesk__Realtime__SimulateLostHandoff"] = "true",
        });
        var manager = await server.LoginAsync(Demo.Manager);
        var anaId = await manager.UserIdAsync(Demo.Ana);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Handed off into the void");
        // No periodic cursor sync: only the live path may deliver here.
        await using var ana = await LiveClient.ConnectAsync(server, Demo.Ana, syncInterval: null, transport: transport);
        var resumesBefore = ana.Resumes.Count;

        var assigned = await manager.AssignAsync(ticket.Id, anaId);

        var received = await ana.WaitForAsync(e => e.Type == EventTypes.TicketAssigned && e.EntityId == ticket.Id);
        Assert.Equal(assigned.Version, received.Version);
        Assert.Equal(resumesBefore, ana.Resumes.Count);
    }
}
