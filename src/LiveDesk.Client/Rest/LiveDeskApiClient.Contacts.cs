using LiveDesk.Contracts.Contacts;

namespace LiveDesk.Client;

public sealed partial class LiveDeskApiClient
{
    public Task<ContactDto> CreateContactAsync(CreateContactRequest request, CancellationToken ct = default) =>
        SendAsync<ContactDto>(HttpMethod.Post, "api/contacts", request, ifMatchVersion: null, ct);

    /// <param name="q">Searches names and emails.</param>
    public Task<ContactPage> ListContactsAsync(string? q = null, long? teamId = null, int? limit = null, long? before = null,
        long? organizationId = null, CancellationToken ct = default) =>
        GetAsync<ContactPage>("api/contacts" + new QueryString().Add("q", q).Add("teamId", teamId).Add("organizationId", organizationId)
            .Add("limit", limit).Add("before", before), ct);

    public Task<ContactDto> GetContactAsync(long id, CancellationToken ct = default) =>
        GetAsync<ContactDto>($"api/contacts/{Id(id)}", ct);

    public Task<ContactDto> UpdateContactAsync(long id, UpdateContactRequest request, long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<ContactDto>(HttpMethod.Patch, $"api/contacts/{Id(id)}", request, ifMatchVersion, ct);

    public Task<IReadOnlyList<ContactTimelineItem>> GetContactTimelineAsync(long id, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<ContactTimelineItem>>($"api/contacts/{Id(id)}/timeline", ct);

    /// <summary>Merges contact <paramref name="id"/> into <see cref="MergeContactRequest.Into"/>; returns the survivor.</summary>
    public Task<ContactDto> MergeContactAsync(long id, MergeContactRequest request, long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<ContactDto>(HttpMethod.Post, $"api/contacts/{Id(id)}/merge", request, ifMatchVersion, ct);

    public Task DeleteContactAsync(long id, CancellationToken ct = default) =>
        SendWithoutResultAsync(HttpMethod.Delete, $"api/contacts/{Id(id)}", ct);
}
