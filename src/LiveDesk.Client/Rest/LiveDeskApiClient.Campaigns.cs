using LiveDesk.Contracts.Campaigns;

namespace LiveDesk.Client;

public sealed partial class LiveDeskApiClient
{
    public Task<CampaignDto> CreateCampaignAsync(CreateCampaignRequest request, CancellationToken ct = default) =>
        SendAsync<CampaignDto>(HttpMethod.Post, "api/campaigns", request, ifMatchVersion: null, ct);

    public Task<CampaignDto> GetCampaignAsync(long id, CancellationToken ct = default) => GetAsync<CampaignDto>($"api/campaigns/{Id(id)}", ct);

    public Task<AudiencePreview> PreviewCampaignAudienceAsync(long id, CancellationToken ct = default) =>
        GetAsync<AudiencePreview>($"api/campaigns/{Id(id)}/audience", ct);

    public Task<IReadOnlyList<RecipientDto>> GetCampaignRecipientsAsync(long id, CancellationToken ct = default) =>
        GetAsync<IReadOnlyList<RecipientDto>>($"api/campaigns/{Id(id)}/recipients", ct);

    public Task<CampaignDto> StartCampaignAsync(long id, long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<CampaignDto>(HttpMethod.Post, $"api/campaigns/{Id(id)}/start", null, ifMatchVersion, ct);

    public Task<CampaignDto> PauseCampaignAsync(long id, CancellationToken ct = default) =>
        SendAsync<CampaignDto>(HttpMethod.Post, $"api/campaigns/{Id(id)}/pause", null, null, ct);

    public Task<CampaignDto> ResumeCampaignAsync(long id, CancellationToken ct = default) =>
        SendAsync<CampaignDto>(HttpMethod.Post, $"api/campaigns/{Id(id)}/resume", null, null, ct);

    public Task<CampaignDto> CancelCampaignAsync(long id, CancellationToken ct = default) =>
        SendAsync<CampaignDto>(HttpMethod.Post, $"api/campaigns/{Id(id)}/cancel", null, null, ct);
}
