using LiveDesk.Contracts.Identity;

namespace LiveDesk.Server.Identity;

public sealed class User
{
    public long Id { get; set; }
    public required string Email { get; set; }
    public required string DisplayName { get; set; }
    public UserRole Role { get; set; }
    public string PasswordHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public List<TeamMember> Teams { get; set; } = [];

    /// <summary>For a customer: the contact the desk knows them as. Their tickets are that contact's tickets.</summary>
    public long? ContactId { get; set; }
}

public sealed class Team
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public List<TeamMember> Members { get; set; } = [];
}

public sealed class TeamMember
{
    public long TeamId { get; set; }
    public long UserId { get; set; }
}

public sealed class Queue
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public long TeamId { get; set; }
}
