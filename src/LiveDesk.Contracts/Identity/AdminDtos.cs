namespace LiveDesk.Contracts.Identity;

/// <summary><c>POST /api/users</c>. <paramref name="Role"/> is a wire name (admin, manager, agent).
/// <paramref name="Password"/> is the initial password; without one the server mails an invitation (email must be
/// configured).</summary>
public sealed record CreateUserRequest(string? Email, string? DisplayName, string? Role, IReadOnlyList<long>? TeamIds, string? Password);

/// <summary><c>PATCH /api/users/{id}</c>: only the fields present change. <paramref name="TeamIds"/> replaces the
/// user's teams.</summary>
public sealed record UpdateUserRequest(string? DisplayName, string? Role, IReadOnlyList<long>? TeamIds);

public sealed record CreateTeamRequest(string? Name);

public sealed record UpdateTeamRequest(string? Name);

public sealed record CreateQueueRequest(string? Name, long? TeamId);

public sealed record UpdateQueueRequest(string? Name, long? TeamId, bool? Archived);

/// <summary><c>POST /api/auth/accept-invitation</c>: the token from the invitation mail and the password to set.</summary>
public sealed record AcceptInvitationRequest(string? Token, string? Password);

/// <summary>One admin action: who did what to whom, and when. <paramref name="Changes"/> holds the changed fields,
/// each as <c>[before, after]</c>.</summary>
public sealed record AuditEntryDto(long Id, DateTimeOffset At, long ActorId, string Action, string TargetType, long TargetId,
    string Summary, System.Text.Json.JsonElement Changes);

public sealed record AuditPage(IReadOnlyList<AuditEntryDto> Items, long? NextBefore);
