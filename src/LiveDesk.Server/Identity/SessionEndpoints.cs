using System.Security.Claims;
using LiveDesk.Contracts.Identity;
using LiveDesk.Server.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Identity;

/// <summary>Refresh, logout and password change (docs/security.md, Sessions).</summary>
public static class SessionEndpoints
{
    public static IEndpointRouteBuilder MapSessions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/refresh", RefreshAsync).WithTags("Identity").AllowAnonymous()
            .RequireRateLimiting(Infrastructure.RateLimiting.Login)
            .WithSummary("Exchange a refresh token for a new access token and refresh token; the old refresh token is used up.");
        var group = app.MapGroup("/api").RequireAuthorization().WithTags("Identity");
        group.MapPost("/auth/logout", LogoutAsync).WithSummary("End this session: its refresh token stops working and its access tokens are refused.");
        group.MapPost("/auth/logout-all", LogoutAllAsync).WithSummary("End every session of the caller, on every device.");
        group.MapPost("/me/password", ChangePasswordAsync).WithSummary("Change the password (the current one is required); ends the caller's other sessions.");
        return app;
    }

    private static async Task<IResult> RefreshAsync(RefreshRequest request, SessionStore sessions, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.RefreshToken) || request.RefreshToken.Length > 200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["refreshToken"] = ["refreshToken is required."] });
        }
        var (pair, refusal) = await sessions.RefreshAsync(request.RefreshToken, ct);
        return pair is not null ? TypedResults.Ok(pair) : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: refusal);
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, SessionStore sessions)
    {
        if (SessionId(http.User) is { } sid)
        {
            await sessions.EndAsync(sid, "logout", http.RequestAborted);
        }
        return TypedResults.NoContent();
    }

    private static async Task<IResult> LogoutAllAsync(HttpContext http, SessionStore sessions)
    {
        if (await http.GetViewerAsync() is not { } viewer)
        {
            return TypedResults.Unauthorized();
        }
        await sessions.EndAllAsync(viewer.UserId, keep: null, "logout-all", http.RequestAborted);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> ChangePasswordAsync(HttpContext http, ChangePasswordRequest request, LiveDeskDb db,
        IPasswordHasher<User> hasher, SessionStore sessions)
    {
        if (await http.GetViewerAsync() is not { } viewer)
        {
            return TypedResults.Unauthorized();
        }
        var user = await db.Users.SingleAsync(u => u.Id == viewer.UserId, http.RequestAborted);
        if (string.IsNullOrEmpty(request.CurrentPassword) || request.CurrentPassword.Length > PasswordPolicy.MaxLength
            || hasher.VerifyHashedPassword(user, user.PasswordHash, request.CurrentPassword) == PasswordVerificationResult.Failed)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["currentPassword"] = ["The current password is not right."] });
        }
        if (PasswordPolicy.Check(request.NewPassword, user.Email, user.DisplayName) is { } rule)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["newPassword"] = [rule] });
        }
        user.PasswordHash = hasher.HashPassword(user, request.NewPassword!);
        await db.SaveChangesAsync(http.RequestAborted);
        // Whoever knew the old password is signed out everywhere but here.
        await sessions.EndAllAsync(user.Id, keep: SessionId(http.User), "password changed", http.RequestAborted);
        return TypedResults.NoContent();
    }

    public static long? SessionId(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(TokenClaims.Session), out var sid) ? sid : null;
}
