using LiveDesk.Contracts.Identity;
using LiveDesk.Server.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Identity;

public static class IdentityEndpoints
{
    public static IEndpointRouteBuilder MapIdentity(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/login", LoginAsync).WithTags("Identity").AllowAnonymous()
            .RequireRateLimiting(Infrastructure.RateLimiting.Login)
            .WithSummary("Exchange email and password for a JWT access token and a refresh token (a new session).");
        var group = app.MapGroup("/api").RequireAuthorization().WithTags("Identity");
        group.MapGet("/me", MeAsync);
        group.MapGet("/users", UsersAsync).WithSummary("Staff only: every user, deactivated ones too (active: false).");
        group.MapGet("/teams", TeamsAsync).WithSummary("Staff only: every team with its members.");
        group.MapGet("/queues", QueuesAsync).WithSummary("Every queue, archived ones too; customers may pick an unarchived one when creating a ticket.");
        return app;
    }

    private static async Task<Results<Ok<LoginResponse>, ValidationProblem, ProblemHttpResult>> LoginAsync(
        LoginRequest request, LiveDeskDb db, IPasswordHasher<User> hasher, SessionStore sessions, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password)
            || request.Email.Length > 254 || request.Password.Length > 512)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["credentials"] = ["Email and password are required (email at most 254, password at most 512 characters)."],
            });
        }
        var email = request.Email.Trim().ToLowerInvariant();
        var user = await db.Users.Include(u => u.Teams).SingleOrDefaultAsync(u => u.Email == email, ct);
        // An invited user has no password until they accept the invitation.
        if (user is null || user.PasswordHash.Length == 0
            || hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password) == PasswordVerificationResult.Failed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid email or password.");
        }
        if (!user.IsActive)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This account has been deactivated.",
                detail: "Ask an admin to reactivate it.");
        }
        return TypedResults.Ok(await sessions.StartAsync(user, ct));
    }

    private static async Task<Results<Ok<UserDto>, UnauthorizedHttpResult>> MeAsync(HttpContext http, LiveDeskDb db)
    {
        var viewer = await http.GetViewerAsync();
        if (viewer is null)
        {
            return TypedResults.Unauthorized();
        }
        var user = await db.Users.AsNoTracking().Include(u => u.Teams).SingleAsync(u => u.Id == viewer.UserId, http.RequestAborted);
        return TypedResults.Ok(user.ToDto());
    }

    private static async Task<Results<Ok<List<UserDto>>, ForbidHttpResult>> UsersAsync(HttpContext http, LiveDeskDb db)
    {
        if (await http.GetViewerAsync() is not { IsStaff: true })
        {
            return TypedResults.Forbid();
        }
        var users = await db.Users.AsNoTracking().Include(u => u.Teams).OrderBy(u => u.Id).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(users.Select(u => u.ToDto()).ToList());
    }

    private static async Task<Results<Ok<List<TeamDto>>, ForbidHttpResult>> TeamsAsync(HttpContext http, LiveDeskDb db)
    {
        if (await http.GetViewerAsync() is not { IsStaff: true })
        {
            return TypedResults.Forbid();
        }
        var teams = await db.Teams.AsNoTracking().Include(t => t.Members).OrderBy(t => t.Id).ToListAsync(http.RequestAborted);
        return TypedResults.Ok(teams.Select(Administration.TeamAdminEndpoints.ToDto).ToList());
    }

    private static async Task<Ok<List<QueueDto>>> QueuesAsync(LiveDeskDb db, CancellationToken ct)
    {
        var queues = await db.Queues.AsNoTracking().OrderBy(q => q.Id).ToListAsync(ct);
        return TypedResults.Ok(queues.Select(Administration.QueueAdminEndpoints.ToDto).ToList());
    }

    public static UserDto ToDto(this User user) =>
        new(user.Id, user.Email, user.DisplayName, user.Role, user.Teams.Select(t => t.TeamId).Order().ToList(), user.IsActive, user.Version);
}
