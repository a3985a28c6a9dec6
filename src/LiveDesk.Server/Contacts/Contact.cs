using LiveDesk.Contracts.Contacts;
using LiveDesk.Server.Crm;

namespace LiveDesk.Server.Contacts;

/// <summary>A person the desk deals with. Belongs to one team, whose staff see it (managers and admins see all).</summary>
public sealed class Contact : ITeamScoped
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public List<string> Emails { get; set; } = [];
    public List<string> Phones { get; set; } = [];
    public long TeamId { get; set; }
    public long? OwnerId { get; set; }

    /// <summary>Its organization, which is always in the contact's team (so whoever sees the contact sees it).</summary>
    public long? OrganizationId { get; set; }
    public List<string> Tags { get; set; } = [];
    public string Notes { get; set; } = "";

    /// <summary>Name and addresses, lowercased, for the database's own text search (SQLite FTS5, PostgreSQL trigrams);
    /// kept current by <see cref="Data.LiveDeskDb"/> on every save, so no write path can forget it.</summary>
    public string SearchText { get; set; } = "";

    public string ComputeSearchText() => string.Join(' ', [Name.ToLowerInvariant(), .. Emails]);
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Soft delete: the row stays for the log, but leaves every list and room.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public ContactDto ToDto() => new(Id, Name, Emails, Phones, TeamId, OwnerId, OrganizationId, Tags, Notes, Version, CreatedAt, UpdatedAt);
}
