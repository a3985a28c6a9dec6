using LiveDesk.Contracts.Leads;

namespace LiveDesk.Client;

public sealed partial class LiveDeskApiClient
{
    public Task<LeadDto> CreateLeadAsync(CreateLeadRequest request, CancellationToken ct = default) =>
        SendAsync<LeadDto>(HttpMethod.Post, "api/leads", request, ifMatchVersion: null, ct);

    /// <param name="stage">A stage's wire name (<c>qualified</c>).</param>
    /// <param name="q">Searches titles.</param>
    public Task<LeadPage> ListLeadsAsync(string? stage = null, long? ownerId = null, string? q = null, int? limit = null, long? before = null,
        CancellationToken ct = default) =>
        GetAsync<LeadPage>("api/leads" + new QueryString().Add("stage", stage).Add("ownerId", ownerId).Add("q", q)
            .Add("limit", limit).Add("before", before), ct);

    public Task<LeadDto> GetLeadAsync(long id, CancellationToken ct = default) => GetAsync<LeadDto>($"api/leads/{Id(id)}", ct);

    public Task<LeadDto> UpdateLeadAsync(long id, UpdateLeadRequest request, long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<LeadDto>(HttpMethod.Patch, $"api/leads/{Id(id)}", request, ifMatchVersion, ct);

    /// <summary>Moves the lead in the pipeline. A move the transition table does not allow throws with 409; a stale
    /// <paramref name="ifMatchVersion"/> with 412.</summary>
    public Task<LeadDto> ChangeLeadStageAsync(long id, ChangeLeadStageRequest request, long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<LeadDto>(HttpMethod.Post, $"api/leads/{Id(id)}/stage", request, ifMatchVersion, ct);

    public Task<LeadDto> AssignLeadAsync(long id, AssignLeadRequest request, long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<LeadDto>(HttpMethod.Post, $"api/leads/{Id(id)}/assign", request, ifMatchVersion, ct);

    public Task<LeadDto> ConvertLeadAsync(long id, ConvertLeadRequest request, long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<LeadDto>(HttpMethod.Post, $"api/leads/{Id(id)}/convert", request, ifMatchVersion, ct);

    public Task DeleteLeadAsync(long id, CancellationToken ct = default) =>
        SendWithoutResultAsync(HttpMethod.Delete, $"api/leads/{Id(id)}", ct);
}
