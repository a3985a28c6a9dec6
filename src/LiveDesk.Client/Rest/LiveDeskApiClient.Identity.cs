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
        AccessToken = login.AccessToken;
        return login;
    }

    public Task<UserDto> GetMeAsync(CancellationToken ct = default) => GetAsync<UserDto>("api/me", ct);

    public Task<IReadOnlyList<UserDto>> GetUsersAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<UserDto>>("api/users", ct);

    public Task<IReadOnlyList<TeamDto>> GetTeamsAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<TeamDto>>("api/teams", ct);

    public Task<IReadOnlyList<QueueDto>> GetQueuesAsync(CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<QueueDto>>("api/queues", ct);
}
