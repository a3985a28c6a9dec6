using LiveDesk.Contracts.Flags;

namespace LiveDesk.Client;

/// <summary>Feature flags (docs/realtime-protocol.md, Feature flags): how clients keep each entity type current.</summary>
public sealed partial class LiveDeskApiClient
{
    /// <summary>The effective flag of every entity type; anyone signed in may read them.</summary>
    public Task<FeatureFlagsDto> GetFeatureFlagsAsync(CancellationToken ct = default) =>
        GetAsync<FeatureFlagsDto>("api/admin/flags", ct);

    /// <summary>Admins only: changes the listed entity types and answers the new effective flags.</summary>
    public Task<FeatureFlagsDto> UpdateFeatureFlagsAsync(UpdateFlagsRequest request, CancellationToken ct = default) =>
        SendAsync<FeatureFlagsDto>(HttpMethod.Put, "api/admin/flags", request, ifMatchVersion: null, ct);
}
