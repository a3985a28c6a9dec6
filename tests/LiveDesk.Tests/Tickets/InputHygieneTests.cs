using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LiveDesk.Client;
using LiveDesk.Contracts.Contacts;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Tickets;

/// <summary>Control characters in text and weak ETags in If-Match (issue 12, must-shows 7 and 8), on both stores: the
/// same answer on SQLite and PostgreSQL, where a NUL used to be stored on one and a 500 on the other.</summary>
public abstract class InputHygieneTests<TFixture>(TFixture fixture) where TFixture : ServerFixture
{
    private ServerProcess Server => fixture.Server;

    [Fact]
    public async Task TextWithANulOrAnotherControlCharacterIsRefusedNamingTheFieldAndNothingIsStored()
    {
        var ana = await Server.LoginAsync(Demo.Ana);
        var queueId = await ana.QueueIdAsync(Demo.SupportTeam);
        var title = $"NUL test {Guid.NewGuid():N}";

        var nul = await Assert.ThrowsAsync<LiveDeskApiException>(() =>
            ana.CreateTicketAsync(new CreateTicketRequest(title + "\u0000", "fine", queueId, TicketPriority.Normal, null, null)));
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.Contains("U+0000", Assert.Single(nul.Errors!["title"]));
        Assert.DoesNotContain(await ana.AllTicketsAsync(), t => t.Title.StartsWith(title, StringComparison.Ordinal));

        var ticket = await ana.NewTicketAsync(Demo.SupportTeam, title);
        var bell = await Assert.ThrowsAsync<LiveDeskApiException>(() => ana.AddCommentAsync(ticket.Id, "ding\u0007", false));
        Assert.Equal(HttpStatusCode.BadRequest, bell.StatusCode);
        Assert.Contains("U+0007", Assert.Single(bell.Errors!["body"]));
        Assert.Empty(await ana.GetCommentsAsync(ticket.Id));

        var escape = await Assert.ThrowsAsync<LiveDeskApiException>(() => ana.CreateContactAsync(new CreateContactRequest(
            "Terminal Tester", [], [], null, null, ["ok", "\u001b[31mred"], null)));
        Assert.Equal(HttpStatusCode.BadRequest, escape.StatusCode);
        Assert.Contains("U+001B", Assert.Single(escape.Errors!["tags"]));

        // A NUL written raw by a client that builds its own JSON is refused the same way.
        using var http = Server.CreateHttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"api/tickets/{ticket.Id}")
        {
            Content = new StringContent("{\"title\":\"raw \\u0000 nul\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ana.AccessToken);
        var raw = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, raw.StatusCode);
        Assert.Contains("\"title\"", await raw.Content.ReadAsStringAsync());
        Assert.Equal(title, (await ana.GetTicketAsync(ticket.Id)).Title);
    }

    [Fact]
    public async Task TabsNewlinesAndCarriageReturnsAreStoredAndReturnedIntact()
    {
        var ana = await Server.LoginAsync(Demo.Ana);
        var description = "Line one\r\nLine two\n\tindented – ünïcödé ✓";

        var ticket = await ana.CreateTicketAsync(new CreateTicketRequest("Whitespace kept", description,
            await ana.QueueIdAsync(Demo.SupportTeam), TicketPriority.Normal, null, null));

        Assert.Equal(description, ticket.Description);
        Assert.Equal(description, (await ana.GetTicketAsync(ticket.Id)).Description);
    }

    [Fact]
    public async Task AWeakETagInIfMatchNeverMatchesAndChangesNothing()
    {
        var ana = await Server.LoginAsync(Demo.Ana);
        var ticket = await ana.NewTicketAsync(Demo.SupportTeam, "Weak ETag");
        using var http = Server.CreateHttpClient();

        foreach (var ifMatch in new[] { $"W/\"{ticket.Version}\"", $"W/\"{ticket.Version + 1}\"" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Patch, $"api/tickets/{ticket.Id}")
            {
                Content = new StringContent("{\"title\":\"changed by a weak match\"}", Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ana.AccessToken);
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            Assert.Equal(HttpStatusCode.PreconditionFailed, (await http.SendAsync(request)).StatusCode);
        }
        var after = await ana.GetTicketAsync(ticket.Id);
        Assert.Equal("Weak ETag", after.Title);
        Assert.Equal(ticket.Version, after.Version);
        // The strong form of the same version still works: the refusal is about weakness, not the number.
        Assert.Equal("Strong", (await ana.UpdateTicketAsync(ticket.Id, new UpdateTicketRequest(Title: "Strong"), ticket.Version)).Title);
    }
}

public sealed class SqliteInputHygieneTests(ServerFixture fixture)
    : InputHygieneTests<ServerFixture>(fixture), IClassFixture<ServerFixture>;

[Trait("Database", "PostgreSQL")]
public sealed class PostgresInputHygieneTests(PostgresServerFixture fixture)
    : InputHygieneTests<PostgresServerFixture>(fixture), IClassFixture<PostgresServerFixture>;
