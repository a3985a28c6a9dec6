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

    public Task<CampaignDto> UpdateCampaignAsync(long id, UpdateCampaignRequest request, long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<CampaignDto>(HttpMethod.Patch, $"api/campaigns/{Id(id)}", request, ifMatchVersion, ct);

    public Task<CampaignDto> ScheduleCampaignAsync(long id, DateTimeOffset? at, long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<CampaignDto>(HttpMethod.Post, $"api/campaigns/{Id(id)}/schedule", new ScheduleCampaignRequest(at), ifMatchVersion, ct);

    public Task<CampaignDto> UnscheduleCampaignAsync(long id, long? ifMatchVersion = null, CancellationToken ct = default) =>
        SendAsync<CampaignDto>(HttpMethod.Post, $"api/campaigns/{Id(id)}/unschedule", null, ifMatchVersion, ct);

    public Task<AudiencePreview> PreviewAudienceAsync(CampaignAudience audience, CancellationToken ct = default) =>
        SendAsync<AudiencePreview>(HttpMethod.Post, "api/campaigns/audience-preview", audience, ifMatchVersion: null, ct);

    public Task<CampaignDto> PauseCampaignAsync(long id, CancellationToken ct = default) =>
        SendAsync<CampaignDto>(HttpMethod.Post, $"api/campaigns/{Id(id)}/pause", null, null, ct);

    public Task<CampaignDto> ResumeCampaignAsync(long id, CancellationToken ct = default) =>
        SendAsync<CampaignDto>(HttpMethod.Post, $"api/campaigns/{Id(id)}/resume", null, null, ct);

    public Task<CampaignDto> CancelCampaignAsync(long id, CancellationToken ct = default) =>
        SendAsync<CampaignDto>(HttpMethod.Post, $"api/campaigns/{Id(id)}/cancel", null, null, ct);
}
