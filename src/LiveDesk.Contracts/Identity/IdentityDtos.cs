namespace LiveDesk.Contracts.Identity;

public sealed record LoginRequest(string? Email, string? Password);

/// <summary>An access token (short-lived) and a refresh token (one use; <c>POST /api/auth/refresh</c> gives the next
/// pair) for a session that ends at <see cref="SessionExpiresAt"/> unless it is used again before.</summary>
public sealed record LoginResponse(string AccessToken, DateTimeOffset ExpiresAt, UserDto User, string? RefreshToken = null,
    DateTimeOffset? SessionExpiresAt = null);

public sealed record RefreshRequest(string? RefreshToken);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <param name="Active">False once an admin deactivated the account: it cannot sign in and its sessions ended.</param>
public sealed record UserDto(long Id, string Email, string DisplayName, UserRole Role, IReadOnlyList<long> TeamIds,
    bool Active = true, long Version = 1);

public sealed record TeamDto(long Id, string Name, IReadOnlyList<long> MemberIds, long Version = 1);

/// <param name="Archived">An archived queue takes no new tickets and is hidden from pickers; its tickets stay.</param>
public sealed record QueueDto(long Id, string Name, long TeamId, bool Archived = false, long Version = 1);
