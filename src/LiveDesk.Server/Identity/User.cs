using LiveDesk.Contracts.Identity;
using LiveDesk.Server.Infrastructure;

namespace LiveDesk.Server.Identity;

public sealed class User : IVersionedEntity
{
    public long Id { get; set; }
    public required string Email { get; set; }
    public required string DisplayName { get; set; }
    public UserRole Role { get; set; }
    public string PasswordHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public long Version { get; set; } = 1;

    /// <summary>Set by an admin: the user cannot sign in, their sessions ended, their live connections closed.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }

    public bool IsActive => DeactivatedAt is null;

    /// <summary>An invited user's one-use token (SHA-256, like refresh tokens) until they set a password.</summary>
    public string? InvitationHash { get; set; }
    public DateTimeOffset? InvitationExpiresAt { get; set; }
    public List<TeamMember> Teams { get; set; } = [];

    /// <summary>For a customer: the contact the desk knows them as. Their tickets are that contact's tickets.</summary>
    public long? ContactId { get; set; }
}

public sealed class Team : IVersionedEntity
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public long Version { get; set; } = 1;
    public DateTimeOffset UpdatedAt { get; set; }
    public List<TeamMember> Members { get; set; } = [];
}

public sealed class TeamMember
{
    public long TeamId { get; set; }
    public long UserId { get; set; }
}

public sealed class Queue : IVersionedEntity
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public long TeamId { get; set; }
    public long Version { get; set; } = 1;
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Takes no new tickets and is hidden from pickers; its tickets stay where they are.</summary>
    public bool Archived { get; set; }
}
