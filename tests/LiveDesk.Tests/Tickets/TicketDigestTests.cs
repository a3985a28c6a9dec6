using LiveDesk.Client;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Tickets;

/// <summary>The digest a client's periodic sync compares its cached list with (issue 12): it equals what the list adds
/// up to, and a cache that drifted (a missed version, a missing or extra ticket) no longer matches.</summary>
public sealed class TicketDigestTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task TheDigestAddsUpTheListAndADriftedCacheDoesNotMatchIt()
    {
        var ana = await fixture.Server.LoginAsync(Demo.Ana);
        var query = new TicketQuery(Status: TicketStatus.Open);
        var ticket = await ana.NewTicketAsync(Demo.SupportTeam, "Digest me");
        ticket = await ana.ChangeStatusAsync(ticket.Id, TicketStatus.Open, ticket.Version);

        var list = await ana.AllTicketsAsync(query);
        var digest = await ana.GetTicketDigestAsync(query);

        Assert.Contains(list, t => t.Id == ticket.Id);
        Assert.Equal(list.Count, digest.Count);
        Assert.Equal(TicketDigest.Of(list.Select(t => (t.Id, t.Version))), digest.Checksum);
        Assert.True(digest.Head > 0);
        // Drift of each kind changes the sum.
        var stale = list.Select(t => (t.Id, t.Id == ticket.Id ? t.Version - 1 : t.Version));
        Assert.NotEqual(digest.Checksum, TicketDigest.Of(stale));
        Assert.NotEqual(digest.Checksum, TicketDigest.Of(list.Where(t => t.Id != ticket.Id).Select(t => (t.Id, t.Version))));
        // A change on the server moves the digest; the refetched list matches it again.
        await ana.UpdateTicketAsync(ticket.Id, new UpdateTicketRequest(Title: "Digest me again"), ticket.Version);
        var after = await ana.GetTicketDigestAsync(query);
        Assert.NotEqual(digest.Checksum, after.Checksum);
        Assert.True(after.Head > digest.Head);
        Assert.Equal(TicketDigest.Of((await ana.AllTicketsAsync(query)).Select(t => (t.Id, t.Version))), after.Checksum);
    }
}
