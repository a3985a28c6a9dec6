using System.Security.Cryptography;
using LiveDesk.Contracts.Identity;
using LiveDesk.Server.Data;
using LiveDesk.Server.Email;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Administration;

/// <summary>A user added without a password gets an invitation mail through the outbox, written in the same write as
/// the user. Its token (256 random bits, stored as SHA-256) sets the first password once, within
/// <see cref="Lifetime"/>, and signs the user in.</summary>
public static class Invitations
{
    public const string SourceName = "invitation";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public static IEndpointRouteBuilder MapInvitations(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/accept-invitation", AcceptAsync).WithTags("Identity").AllowAnonymous()
            .RequireRateLimiting(Infrastructure.RateLimiting.Login)
            .WithSummary("Set the first password with the token from an invitation mail; signs in (a new session).");
        return app;
    }

    /// <summary>Gives the user an invitation token and returns it (shown once, in the mail).</summary>
    public static string Issue(User user, DateTimeOffset now)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        user.InvitationHash = Hash(token);
        user.InvitationExpiresAt = now + Lifetime;
        return token;
    }

    public static void Mail(LiveDeskDb db, User user, string token, EmailOptions email, DateTimeOffset now)
    {
        var link = email.LinkBase is { Length: > 0 } linkBase ? $"{linkBase.TrimEnd('/')}/#/invitation/{token}" : null;
        db.OutboxMessages.Add(new OutboxMessage
        {
            MessageId = $"invitation-{user.Id}@livedesk",
            To = user.Email,
            Subject = "You have been invited to LiveDesk",
            Body = $"""
                Hello {user.DisplayName},

                You have been added to LiveDesk as {user.Role.ToWire()}. Choose your password to sign in:
                {link ?? $"open LiveDesk's sign-in page, choose \"I have an invitation\" and enter this code: {token}"}

                The invitation works once and expires on {(now + Lifetime):yyyy-MM-dd HH:mm} UTC.
                """,
            Source = SourceName,
            SourceId = user.Id,
            NextAttemptAt = now,
            CreatedAt = now,
        });
    }

    private static async Task<IResult> AcceptAsync(AcceptInvitationRequest request, LiveDeskDb db, IPasswordHasher<User> hasher,
        SessionStore sessions, TimeProvider time, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Token) || request.Token.Length > 200)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["token"] = ["token is required: the code from the invitation mail."] });
        }
        var hash = Hash(request.Token.Trim());
        var user = await db.Users.Include(u => u.Teams).SingleOrDefaultAsync(u => u.InvitationHash == hash, ct);
        if (user is null || !user.IsActive || user.InvitationExpiresAt <= time.GetUtcNow())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
                title: "The invitation is not valid (used, expired or withdrawn). Ask an admin for a new one.");
        }
        if (PasswordPolicy.Check(request.Password, user.Email, user.DisplayName) is { } rule)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = [rule] });
        }
        user.PasswordHash = hasher.HashPassword(user, request.Password!);
        user.InvitationHash = null;
        user.InvitationExpiresAt = null;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await sessions.StartAsync(user, ct));
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}

/// <summary>Invitation mails may always go, and their outcome changes nothing else.</summary>
public sealed class InvitationOutboxSource : IOutboxSource
{
    public string Name => Invitations.SourceName;

    public Task<bool> MaySendAsync(LiveDeskDb db, OutboxMessage message, CancellationToken ct) => Task.FromResult(true);

    public Task OnOutcomeAsync(LiveDeskDb db, EventBatch batch, OutboxMessage message, CancellationToken ct) => Task.CompletedTask;
}
