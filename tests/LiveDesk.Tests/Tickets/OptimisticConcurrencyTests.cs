using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Tickets;

public sealed class OptimisticConcurrencyTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task PatchWithStaleIfMatchGets412AndChangesNothing()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Original title");
        var updated = await manager.ChangePriorityAsync(ticket.Id, TicketPriority.High);
        Assert.Equal(ticket.Version + 1, updated.Version);

        using var http = fixture.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", manager.AccessToken);
        var stale = new HttpRequestMessage(HttpMethod.Patch, $"api/tickets/{ticket.Id}")
        {
            Content = JsonContent.Create(new { title = "Overwritten by a stale editor" }),
        };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{ticket.Version}\""));
        var response = await http.SendAsync(stale);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var current = await manager.GetTicketAsync(ticket.Id);
        Assert.Equal("Original title", current.Title);
        Assert.Equal(updated.Version, current.Version);
    }

    [Fact]
    public async Task PatchWithCurrentIfMatchSucceedsAndReturnsTheNewVersionAsETag()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var ticket = await manager.NewTicketAsync(Demo.SupportTeam, "Before");
        using var http = fixture.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", manager.AccessToken);

        var get = await http.GetAsync($"api/tickets/{ticket.Id}");
        Assert.Equal($"\"{ticket.Version}\"", get.Headers.ETag?.Tag);
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"api/tickets/{ticket.Id}")
        {
            Content = JsonContent.Create(new { title = "After", status = "pending" }),
        };
        patch.Headers.IfMatch.Add(get.Headers.ETag!);
        var response = await http.SendAsync(patch);

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TicketDto>();
        Assert.Equal("After", body!.Title);
        Assert.Equal(TicketStatus.Pending, body.Status);
        Assert.Equal(ticket.Version + 1, body.Version);
        Assert.Equal($"\"{body.Version}\"", response.Headers.ETag?.Tag);
    }
}
