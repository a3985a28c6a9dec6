namespace LiveDesk.Contracts.Organizations;

/// <summary>A company the desk deals with. Staff of <see cref="TeamId"/> see it; managers and admins see all. Its
/// contacts are the contacts whose <c>organizationId</c> is its id (<c>GET /api/contacts?organizationId=</c>).</summary>
public sealed record OrganizationDto(
    long Id,
    string Name,
    string? Domain,
    long TeamId,
    string Notes,
    int ContactCount,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A page of organizations, newest first; pass <see cref="NextBefore"/> as <c>before</c> for the next.</summary>
public sealed record OrganizationPage(IReadOnlyList<OrganizationDto> Items, int Total, long? NextBefore);

public sealed record CreateOrganizationRequest(string? Name, string? Domain = null, long? TeamId = null, string? Notes = null);

/// <summary>Fields a PATCH may change; a null field is left as it is.</summary>
public sealed record UpdateOrganizationRequest(string? Name = null, string? Domain = null, long? TeamId = null, string? Notes = null);
