using LiveDesk.Contracts.Organizations;
using LiveDesk.Server.Crm;

namespace LiveDesk.Server.Organizations;

/// <summary>A company the desk deals with. Belongs to one team, like its contacts.</summary>
public sealed class Organization : ITeamScoped
{
    public long Id { get; set; }
    public required string Name { get; set; }

    /// <summary>Its web domain, lowercased (<c>example.com</c>); optional.</summary>
    public string? Domain { get; set; }
    public long TeamId { get; set; }
    public string Notes { get; set; } = "";
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }

    public OrganizationDto ToDto(int contactCount) =>
        new(Id, Name, Domain, TeamId, Notes, contactCount, Version, CreatedAt, UpdatedAt);
}
