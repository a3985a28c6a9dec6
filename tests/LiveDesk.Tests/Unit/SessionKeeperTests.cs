using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using LiveDesk.Client;

namespace LiveDesk.Tests.Unit;

/// <summary>The SDK's silent refresh: when it refreshes, that concurrent asks share one refresh (a refresh token works
/// once), and that a REST 401 is refreshed and retried once.</summary>
public sealed class SessionKeeperTests
{
    [Fact]
    public void ATokenIsRefreshedAtThreeQuartersOfItsLifeButAtLeastAMinuteBeforeItsEndAndAShortOneAfterAQuarter()
    {
        Assert.Equal(TimeSpan.FromSeconds(675), TokenLifetime.RefreshDelay(TimeSpan.FromMinutes(15)));
        Assert.Equal(TimeSpan.FromHours(6), TokenLifetime.RefreshDelay(TimeSpan.FromHours(8)));
        Assert.Equal(TimeSpan.FromSeconds(140), TokenLifetime.RefreshDelay(TimeSpan.FromSeconds(200)));
        Assert.Equal(TimeSpan.FromSeconds(40), TokenLifetime.RefreshDelay(TimeSpan.FromSeconds(100)));
        Assert.Equal(TimeSpan.FromMilliseconds(500), TokenLifetime.RefreshDelay(TimeSpan.FromSeconds(2)));
        Assert.Equal(TimeSpan.Zero, TokenLifetime.RefreshDelay(TimeSpan.FromSeconds(-3)));
    }

    [Fact]
    public void ATokensLifeIsMeasuredOnTheServersClockWithItsWholeSecondExpiry()
    {
        // Issued at 10.9 s for 2 s: exp is 12 s, what the server enforces, so it works for 1.1 s.
        var issued = new DateTimeOffset(2026, 11, 23, 10, 0, 10, 900, TimeSpan.Zero);
        var token = Jwt(issued, TimeSpan.FromSeconds(2));
        Assert.Equal(TimeSpan.FromMilliseconds(1100), TokenLifetime.Remaining(token, issued.AddSeconds(2), issued));
        // Whatever this machine's clock says.
        Assert.Equal(TimeSpan.FromMilliseconds(1100), TokenLifetime.Remaining(token, issued.AddSeconds(2), issued.AddHours(3)));
        Assert.Equal(TimeSpan.FromSeconds(5), TokenLifetime.Remaining("opaque", issued.AddSeconds(5), issued));
    }

    [Fact]
    public async Task ConcurrentRefusalsShareOneRefreshAndEveryRequestIsRetriedOnceWithTheFreshToken()
    {
        var server = new FakeServer(TimeSpan.FromMinutes(15));
        using var api = new LiveDeskApiClient(new HttpClient(server) { BaseAddress = new Uri("http://livedesk.test/") });
        await api.LoginAsync("ana@livedesk.test", "secret");
        await using var keeper = new SessionKeeper(api);
        var refreshed = new ConcurrentQueue<string>();
        keeper.Refreshed += pair => refreshed.Enqueue(pair.AccessToken);
        server.Expire(api.AccessToken!);

        var users = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => api.GetMeAsync())));

        Assert.All(users, user => Assert.Equal(3, user.Id));
        Assert.Equal(1, server.Refreshes);
        Assert.Equal(1, keeper.RefreshCount);
        Assert.Single(refreshed);
        Assert.False(keeper.HasEnded);
    }

    [Fact]
    public async Task ARefusedRefreshEndsTheSessionOnceAndTheRequestFailsWith401()
    {
        var server = new FakeServer(TimeSpan.FromMinutes(15));
        using var api = new LiveDeskApiClient(new HttpClient(server) { BaseAddress = new Uri("http://livedesk.test/") });
        await api.LoginAsync("ana@livedesk.test", "secret");
        await using var keeper = new SessionKeeper(api);
        var ended = 0;
        keeper.SessionEnded += _ => Interlocked.Increment(ref ended);
        server.Expire(api.AccessToken!);
        server.EndSessions();

        var refused = await Assert.ThrowsAsync<LiveDeskApiException>(() => api.GetMeAsync());
        await Assert.ThrowsAsync<LiveDeskApiException>(() => api.GetMeAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(1, ended);
        Assert.True(keeper.HasEnded);
        Assert.Equal(1, server.Refreshes);
    }

    private static string Jwt(DateTimeOffset issued, TimeSpan lifetime, string id = "1")
    {
        static string Encode(object value) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(value))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var claims = new { sub = "3", iat = issued.ToUnixTimeSeconds(), exp = (issued + lifetime).ToUnixTimeSeconds(), jti = id };
        return $"{Encode(new { alg = "HS256", typ = "JWT" })}.{Encode(claims)}.signature";
    }

    /// <summary>Login, refresh (each refresh token once) and <c>GET /api/me</c>, refusing tokens the test expired.</summary>
    private sealed class FakeServer(TimeSpan lifetime) : HttpMessageHandler
    {
        private readonly ConcurrentDictionary<string, bool> _unusedRefreshTokens = new();
        private readonly ConcurrentDictionary<string, bool> _expired = new();
        private int _next;
        private int _refreshes;
        private volatile bool _sessionsEnded;

        public int Refreshes => Volatile.Read(ref _refreshes);

        public void Expire(string accessToken) => _expired[accessToken] = true;

        public void EndSessions() => _sessionsEnded = true;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (path == "/api/auth/login")
            {
                return Pair();
            }
            if (path == "/api/auth/refresh")
            {
                Interlocked.Increment(ref _refreshes);
                // Slow enough that the concurrent refusals all arrive while it runs.
                await Task.Delay(100, cancellationToken);
                var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
                var token = body.RootElement.GetProperty("refreshToken").GetString()!;
                return !_sessionsEnded && _unusedRefreshTokens.TryRemove(token, out _) ? Pair() : Refused();
            }
            var bearer = request.Headers.Authorization?.Parameter;
            if (bearer is null || _expired.ContainsKey(bearer))
            {
                return Refused();
            }
            return Json("""{"id":3,"email":"ana@livedesk.test","displayName":"Ana","role":"agent","teamIds":[1]}""");
        }

        private HttpResponseMessage Pair()
        {
            var id = Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var now = DateTimeOffset.UtcNow;
            var refresh = "refresh-" + id;
            _unusedRefreshTokens[refresh] = true;
            return Json(JsonSerializer.Serialize(new
            {
                accessToken = Jwt(now, lifetime, id),
                expiresAt = now + lifetime,
                user = new { id = 3, email = "ana@livedesk.test", displayName = "Ana", role = "agent", teamIds = new[] { 1 } },
                refreshToken = refresh,
                sessionExpiresAt = now.AddDays(30),
            }));
        }

        private static HttpResponseMessage Refused() => new(HttpStatusCode.Unauthorized)
        {
            Content = new StringContent("""{"title":"Sign in first."}""", Encoding.UTF8, "application/problem+json"),
        };

        private static HttpResponseMessage Json(string json) => new(HttpStatusCode.OK)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
    }
}
