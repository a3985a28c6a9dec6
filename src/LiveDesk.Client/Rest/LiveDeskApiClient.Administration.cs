using LiveDesk.Contracts.Identity;

namespace LiveDesk.Client;

/// <summary>People, teams, queues and the audit log (docs/api.md, Administration). Users are admins' to manage; teams
/// and queues managers' and admins'.</summary>
public sealed partial class LiveDeskApiClient
{
    public Task<UserDto> CreateUserAsync(CreateUserRequest request, CancellationToken ct = default) =>
        SendAsync<UserDto>(HttpMethod.Post, "api/users", request, null, ct);

    public Task<UserDto> UpdateUserAsync(long id, UpdateUserRequest request, long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<UserDto>(HttpMethod.Patch, $"api/users/{Id(id)}", request, ifMatchVersion, ct);

    public Task<UserDto> DeactivateUserAsync(long id, CancellationToken ct = default) =>
        SendAsync<UserDto>(HttpMethod.Post, $"api/users/{Id(id)}/deactivate", null, null, ct);

    public Task<UserDto> ReactivateUserAsync(long id, CancellationToken ct = default) =>
        SendAsync<UserDto>(HttpMethod.Post, $"api/users/{Id(id)}/reactivate", null, null, ct);

    public Task<TeamDto> CreateTeamAsync(string name, CancellationToken ct = default) =>
        SendAsync<TeamDto>(HttpMethod.Post, "api/teams", new CreateTeamRequest(name), null, ct);

    public Task<TeamDto> RenameTeamAsync(long id, string name, long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<TeamDto>(HttpMethod.Patch, $"api/teams/{Id(id)}", new UpdateTeamRequest(name), ifMatchVersion, ct);

    public Task<TeamDto> AddTeamMemberAsync(long teamId, long userId, CancellationToken ct = default) =>
        SendAsync<TeamDto>(HttpMethod.Put, $"api/teams/{Id(teamId)}/members/{Id(userId)}", null, null, ct);

    public Task<TeamDto> RemoveTeamMemberAsync(long teamId, long userId, CancellationToken ct = default) =>
        SendAsync<TeamDto>(HttpMethod.Delete, $"api/teams/{Id(teamId)}/members/{Id(userId)}", null, null, ct);

    public Task<QueueDto> CreateQueueAsync(string name, long teamId, CancellationToken ct = default) =>
        SendAsync<QueueDto>(HttpMethod.Post, "api/queues", new CreateQueueRequest(name, teamId), null, ct);

    public Task<QueueDto> UpdateQueueAsync(long id, UpdateQueueRequest request, long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<QueueDto>(HttpMethod.Patch, $"api/queues/{Id(id)}", request, ifMatchVersion, ct);

    public Task<AuditPage> GetAuditAsync(string? targetType = null, long? targetId = null, long? before = null, int? limit = null,
        CancellationToken ct = default) =>
        GetAsync<AuditPage>("api/admin/audit" + new QueryString().Add("targetType", targetType).Add("targetId", targetId)
            .Add("before", before).Add("limit", limit), ct);

    /// <summary>Sets the first password with an invitation's token and keeps the new session's tokens.</summary>
    public async Task<LoginResponse> AcceptInvitationAsync(string token, string password, CancellationToken ct = default)
    {
        using var response = await SendCoreAsync(HttpMethod.Post, "api/auth/accept-invitation", new AcceptInvitationRequest(token, password),
            ifMatchVersion: null, authenticate: false, ct).ConfigureAwait(false);
        var login = await ReadBodyAsync<LoginResponse>(response, ct).ConfigureAwait(false);
        AccessToken = login.AccessToken;
        RefreshToken = login.RefreshToken;
        return login;
    }
}
