using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveDesk.Client;
using LiveDesk.Contracts.Flags;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Flags;

/// <summary>Feature flags on the server (issue 12): a mode per entity type, changed by admins, announced live, applied
/// to envelopes live and on replay, and kept across a restart.</summary>
public sealed class FeatureFlagTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task SignalModeSendsTicketEventsWithoutChangesLiveAndOnReplayUntilSwitchedBackAndSurvivesARestart()
    {
        await using var server = await ServerProcess.StartNewAsync();
        var admin = await server.LoginAsync(Demo.Admin);
        var manager = await server.LoginAsync(Demo.Manager);
        await using var ana = await NativeClient.ConnectAsync(server, Demo.Ana);
        Assert.True((await ana.ResumeAsync(null)).Ok);
        var before = await manager.NewTicketAsync(Demo.SupportTeam, "Before the switch");
        var live = await ana.WaitForAsync(e => e.EntityId == before.Id && e.Type == EventTypes.TicketCreated);
        Assert.Equal("Before the switch", live.Changes.GetProperty("title").GetString());
        var cursor = new Cursor(live.Seq, live.Epoch);

        var flags = await PutAsync(server, admin.AccessToken!, """{"flags":{"ticket":{"mode":"signal"}}}""");

        Assert.Equal(HttpStatusCode.OK, flags.StatusCode);
        var switched = await ana.WaitForAsync(e => e.Type == EventTypes.FeatureFlagUpdated);
        Assert.Equal("ticket", switched.Changes.GetProperty("entity").GetString());
        Assert.Equal("signal", switched.Changes.GetProperty("mode").GetString());
        var during = await manager.NewTicketAsync(Demo.SupportTeam, "During signal mode");
        var hint = await ana.WaitForAsync(e => e.EntityId == during.Id && e.Type == EventTypes.TicketCreated);
        Assert.Empty(hint.Changes.EnumerateObject());
        Assert.Equal(1, hint.Version);
        // Replay is shaped the same: even the event from before the switch comes without its changes now.
        await using (var replay = await NativeClient.ConnectAsync(server, Demo.Ana))
        {
            Assert.True((await replay.ResumeAsync(new Cursor(cursor.Seq - 1, cursor.Epoch))).Ok);
            var replayed = await replay.WaitForAsync(e => e.EntityId == during.Id && e.Type == EventTypes.TicketCreated);
            Assert.Empty(replayed.Changes.EnumerateObject());
            Assert.Empty((await replay.WaitForAsync(e => e.EntityId == before.Id)).Changes.EnumerateObject());
        }
        // Other types are untouched.
        var comment = await manager.AddCommentAsync(during.Id, "Comments stay live", false);
        Assert.Equal("Comments stay live", (await ana.WaitForAsync(e => e.Type == EventTypes.CommentCreated && e.EntityId == comment.Id))
            .Changes.GetProperty("body").GetString());

        await server.RestartAsync();
        Assert.Equal(FlagMode.Signal, (await GetAsync(server, (await server.LoginAsync(Demo.Carla)).AccessToken!)).Flags["ticket"].Mode);

        var admin2 = await server.LoginAsync(Demo.Admin);
        await using var ana2 = await NativeClient.ConnectAsync(server, Demo.Ana);
        Assert.True((await ana2.ResumeAsync(null)).Ok);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync(server, admin2.AccessToken!, """{"flags":{"ticket":{"mode":"live"}}}""")).StatusCode);
        var manager2 = await server.LoginAsync(Demo.Manager);
        var after = await manager2.NewTicketAsync(Demo.SupportTeam, "Back to live");
        Assert.Equal("Back to live", (await ana2.WaitForAsync(e => e.EntityId == after.Id && e.Type == EventTypes.TicketCreated))
            .Changes.GetProperty("title").GetString());
    }

    [Fact]
    public async Task EveryoneReadsTheFlagsOnlyAdminsChangeThemAndBadInputNamesTheField()
    {
        await using var server = await ServerProcess.StartNewAsync();
        var carla = await server.LoginAsync(Demo.Carla);
        var flags = await GetAsync(server, carla.AccessToken!);
        foreach (var entity in new[] { "ticket", "comment", "contact", "lead", "notification", "user", "team", "queue" })
        {
            Assert.Equal(FlagMode.Live, flags.Flags[entity].Mode);
        }
        Assert.DoesNotContain("feature_flag", flags.Flags.Keys);

        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(server, (await server.LoginAsync(Demo.Manager)).AccessToken!,
            """{"flags":{"ticket":{"mode":"poll"}}}""")).StatusCode);
        var admin = (await server.LoginAsync(Demo.Admin)).AccessToken!;
        foreach (var (body, field, says) in new[]
                 {
                     ("""{"flags":{"tickets":{"mode":"poll"}}}""", "flags.tickets", "Unknown entity type"),
                     ("""{"flags":{"ticket":{"mode":"sometimes"}}}""", "flags.ticket.mode", "Expected live, signal or poll"),
                     ("""{"flags":{"ticket":{"mode":"poll","pollSeconds":1}}}""", "flags.ticket.pollSeconds", "between 2 and 3600"),
                     ("""{"flags":{}}""", "flags", "required"),
                 })
        {
            var refused = await PutAsync(server, admin, body);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Json);
            Assert.Contains(says, problem.GetProperty("errors").GetProperty(field)[0].GetString());
        }
        var poll = await PutAsync(server, admin, """{"flags":{"ticket":{"mode":"poll","pollSeconds":5}}}""");
        var dto = (await poll.Content.ReadFromJsonAsync<FeatureFlagsDto>(Json))!;
        Assert.Equal((FlagMode.Poll, 5), (dto.Flags["ticket"].Mode, dto.Flags["ticket"].PollSeconds));
        var audit = await (await server.LoginAsync(Demo.Admin)).GetAuditAsync("feature_flag");
        Assert.Contains(audit.Items, a => a.Summary.Contains("ticket: live → poll"));
    }

    private static async Task<FeatureFlagsDto> GetAsync(ServerProcess server, string token)
    {
        using var http = server.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return (await http.GetFromJsonAsync<FeatureFlagsDto>("api/admin/flags", Json))!;
    }

    private static async Task<HttpResponseMessage> PutAsync(ServerProcess server, string token, string body)
    {
        using var http = server.CreateHttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return await http.PutAsync("api/admin/flags", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
    }
}

/// <summary>Client reports (issue 12): a client's breaker and sync tell the server, which counts them for admins.</summary>
public sealed class ClientReportTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task ABreakerOrARepairReportedByAClientIsCountedForAdminsAndBadReportsAreRefused()
    {
        var ana = await fixture.Server.LoginAsync(Demo.Ana);
        await ana.ReportAsync(new ClientReport(ClientReportKinds.BreakerOpened, "ticket", Detail: "3 failed applies in 10 s"));
        await ana.ReportAsync(new ClientReport(ClientReportKinds.CacheRepaired, "ticket", Count: 4));

        var status = await (await fixture.Server.LoginAsync(Demo.Admin)).GetRealtimeStatusAsync();
        Assert.Contains(status.ClientReports!, r => r is { Kind: ClientReportKinds.BreakerOpened, Entity: "ticket", Reports: 1 });
        Assert.Contains(status.ClientReports!, r => r is { Kind: ClientReportKinds.CacheRepaired, Entity: "ticket", Count: 4 });
        var bad = await Assert.ThrowsAsync<LiveDeskApiException>(() => ana.ReportAsync(new ClientReport("exploded", "tickets")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("kind", bad.Errors!.Keys);
        Assert.Contains("entity", bad.Errors!.Keys);
    }
}
