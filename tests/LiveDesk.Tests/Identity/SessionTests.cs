using System.Net;
using LiveDesk.Client;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Identity;

/// <summary>Sessions: refresh tokens rotate and a reused one ends the whole session; logout and a password change end
/// sessions so their tokens are refused at once.</summary>
public sealed class SessionTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task ARefreshGivesAWorkingPairAndReusingTheOldTokenEndsTheSessionForTheNewOneToo()
    {
        var ana = await fixture.Server.LoginAsync(Demo.Ana);
        var first = ana.RefreshToken!;
        var firstAccess = ana.AccessToken;

        var pair = await ana.RefreshAsync();

        Assert.NotEqual(first, pair.RefreshToken);
        Assert.NotEqual(firstAccess, pair.AccessToken);
        Assert.Equal(Demo.Ana, (await ana.GetMeAsync()).Email);
        Assert.True(pair.SessionExpiresAt > DateTimeOffset.UtcNow.AddDays(29));

        // The old refresh token again: someone has a copy. The whole session ends.
        var reused = await Assert.ThrowsAsync<LiveDeskApiException>(() => ana.RefreshAsync(first));
        Assert.Equal(HttpStatusCode.Unauthorized, reused.StatusCode);
        Assert.Contains("already used", reused.Title);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<LiveDeskApiException>(() => ana.RefreshAsync(pair.RefreshToken))).StatusCode);
        // And its access token is refused at once, on REST and on the live channel.
        ana.AccessToken = pair.AccessToken;
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<LiveDeskApiException>(() => ana.GetMeAsync())).StatusCode);
        using var http = fixture.Server.CreateHttpClient();
        using var upgrade = new HttpRequestMessage(HttpMethod.Get, $"live/ws?access_token={pair.AccessToken}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(upgrade)).StatusCode);
        // Another session of hers is not touched.
        Assert.Equal(Demo.Ana, (await (await fixture.Server.LoginAsync(Demo.Ana)).GetMeAsync()).Email);
    }

    [Fact]
    public async Task LogoutEndsOneSessionAndLogoutAllEndsEveryOne()
    {
        var laptop = await fixture.Server.LoginAsync(Demo.Ben);
        var phone = await fixture.Server.LoginAsync(Demo.Ben);

        await laptop.LogoutAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<LiveDeskApiException>(() => laptop.GetMeAsync())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<LiveDeskApiException>(() => laptop.RefreshAsync())).StatusCode);
        Assert.Equal(Demo.Ben, (await phone.GetMeAsync()).Email);
        await phone.RefreshAsync();

        var tablet = await fixture.Server.LoginAsync(Demo.Ben);
        await tablet.LogoutEverywhereAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<LiveDeskApiException>(() => phone.GetMeAsync())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<LiveDeskApiException>(() => phone.RefreshAsync())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<LiveDeskApiException>(() => tablet.GetMeAsync())).StatusCode);
    }

    [Fact]
    public async Task APasswordChangeNeedsTheCurrentOneRefusesWeakOnesByRuleAndEndsTheOtherSessions()
    {
        // A server of its own: the demo password changes here.
        await using var server = await ServerProcess.StartNewAsync();
        var here = await server.LoginAsync(Demo.Dan);
        var elsewhere = await server.LoginAsync(Demo.Dan);
        foreach (var (current, next, field, rule) in new[]
                 {
                     ("wrong password", "a perfectly fine passphrase", "currentPassword", "not right"),
                     (Demo.Password, "short", "newPassword", "at least 10"),
                     (Demo.Password, "password123", "newPassword", "most common"),
                     (Demo.Password, "call me dan, please!", "newPassword", "email"),
                 })
        {
            var refused = await Assert.ThrowsAsync<LiveDeskApiException>(() => here.ChangePasswordAsync(current, next));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains(rule, Assert.Single(refused.Errors![field]));
        }
        Assert.Equal(Demo.Dan, (await elsewhere.GetMeAsync()).Email);

        await here.ChangePasswordAsync(Demo.Password, "correct horse battery staple");

        Assert.Equal(Demo.Dan, (await here.GetMeAsync()).Email);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<LiveDeskApiException>(() => elsewhere.GetMeAsync())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<LiveDeskApiException>(() => server.LoginAsync(Demo.Dan))).StatusCode);
        var again = LiveDeskApiClient.Create(server.BaseAddress);
        await again.LoginAsync(Demo.Dan, "correct horse battery staple");
        Assert.Equal(Demo.Dan, (await again.GetMeAsync()).Email);
    }
}
