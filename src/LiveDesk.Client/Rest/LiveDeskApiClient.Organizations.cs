using LiveDesk.Contracts.Organizations;

namespace LiveDesk.Client;

public sealed partial class LiveDeskApiClient
{
    public Task<OrganizationDto> CreateOrganizationAsync(CreateOrganizationRequest request, CancellationToken ct = default) =>
        SendAsync<OrganizationDto>(HttpMethod.Post, "api/organizations", request, ifMatchVersion: null, ct);

    /// <param name="q">Searches names and domains.</param>
    public Task<OrganizationPage> ListOrganizationsAsync(string? q = null, long? teamId = null, int? limit = null, long? before = null,
        CancellationToken ct = default) =>
        GetAsync<OrganizationPage>("api/organizations" + new QueryString().Add("q", q).Add("teamId", teamId).Add("limit", limit).Add("before", before), ct);

    public Task<OrganizationDto> GetOrganizationAsync(long id, CancellationToken ct = default) =>
        GetAsync<OrganizationDto>($"api/organizations/{Id(id)}", ct);

    public Task<IReadOnlyList<LiveDesk.Contracts.Contacts.ContactTimelineItem>> GetOrganizationTimelineAsync(long id, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<LiveDesk.Contracts.Contacts.ContactTimelineItem>>($"api/organizations/{Id(id)}/timeline", ct);

    public Task<OrganizationDto> UpdateOrganizationAsync(long id, UpdateOrganizationRequest request, long? ifMatchVersion = null,
        CancellationToken ct = default) =>
        SendAsync<OrganizationDto>(HttpMethod.Patch, $"api/organizations/{Id(id)}", request, ifMatchVersion, ct);

    public Task DeleteOrganizationAsync(long id, CancellationToken ct = default) =>
        SendWithoutResultAsync(HttpMethod.Delete, $"api/organizations/{Id(id)}", ct);
}
