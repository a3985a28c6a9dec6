using LiveDesk.Contracts.Identity;

namespace LiveDesk.Client;

public sealed partial class LiveDeskApiClient
{
    /// <summary>Logs in and keeps the token for later calls. Throws <see cref="LiveDeskApiException"/> with 401
    /// on a wrong password.</summary>
    public async Task<LoginResponse> LoginAsync(string email, string password, CancellationToken ct = default)
    {
        // No bearer on login: a stale token from an earlier user must not decide how the server treats this request.
        using var response = await SendCoreAsync(
                HttpMethod.Post, "api/auth/login", new LoginRequest(email, password), ifMatchVersion: null, authenticate: false, ct)
            .ConfigureAwait(false);
        var login = await ReadBodyAsync<LoginResponse>(response, ct).ConfigureAwait(false);
        OnIssued(login);
        return login;
    }

    /// <summary>The session's current refresh token (one use). Set by <see cref="LoginAsync"/> and
    /// <see cref="RefreshAsync"/>.</summary>
    public string? RefreshToken
    {
        get => _refreshToken;
        set => _refreshToken = value;
    }

    private volatile string? _refreshToken;

    /// <summary>Trades the refresh token for a new pair and keeps both. Throws 401 when the session has ended (signed
    /// out, expired, or the token was used before, which ends the session). Two calls racing with the same refresh
    /// token end the session: let a <see cref="SessionKeeper"/> refresh instead, which runs one at a time.</summary>
    public async Task<LoginResponse> RefreshAsync(string? refreshToken = null, CancellationToken ct = default)
    {
        using var response = await SendCoreAsync(HttpMethod.Post, "api/auth/refresh", new RefreshRequest(refreshToken ?? RefreshToken),
            ifMatchVersion: null, authenticate: false, ct).ConfigureAwait(false);
        var pair = await ReadBodyAsync<LoginResponse>(response, ct).ConfigureAwait(false);
        OnIssued(pair);
        return pair;
    }

    /// <summary>Ends this session on the server: its refresh token stops working and its access token is refused.</summary>
    public Task LogoutAsync(CancellationToken ct = default) => SendWithoutResultAsync(HttpMethod.Post, "api/auth/logout", ct);

    public Task LogoutEverywhereAsync(CancellationToken ct = default) => SendWithoutResultAsync(HttpMethod.Post, "api/auth/logout-all", ct);

    public Task ChangePasswordAsync(string currentPassword, string newPassword, CancellationToken ct = default) =>
        SendWithoutBodyResultAsync(HttpMethod.Post, "api/me/password", new ChangePasswordRequest(currentPassword, newPassword), ct);

    public Task<UserDto> GetMeAsync(CancellationToken ct = default) => GetAsync<UserDto>("api/me", ct);

    public Task<IReadOnlyList<UserDto>> GetUsersAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<UserDto>>("api/users", ct);

    public Task<IReadOnlyList<TeamDto>> GetTeamsAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<TeamDto>>("api/teams", ct);

    public Task<IReadOnlyList<QueueDto>> GetQueuesAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<QueueDto>>("api/queues", ct);
}
