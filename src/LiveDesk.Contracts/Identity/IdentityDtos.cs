namespace LiveDesk.Contracts.Identity;

public sealed record LoginRequest(string? Email, string? Password);

public sealed record LoginResponse(string AccessToken, DateTimeOffset ExpiresAt, UserDto User);

public sealed record UserDto(long Id, string Email, string DisplayName, UserRole Role, IReadOnlyList<long> TeamIds);

public sealed record TeamDto(long Id, string Name, IReadOnlyList<long> MemberIds);

public sealed record QueueDto(long Id, string Name, long TeamId);
