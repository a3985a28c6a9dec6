using System.Security.Cryptography;
using LiveDesk.Contracts.Identity;
using LiveDesk.Server.Data;
using LiveDesk.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveDesk.Server.Identity;

/// <summary>Sessions and their refresh tokens: start one at sign-in, rotate on refresh, end one or all. A refresh token
/// is 256 random bits, shown once and stored as its SHA-256 hash; using one marks it used in a single conditional
/// update, so of two requests racing with the same token exactly one wins and the other counts as a reuse.</summary>
public sealed class SessionStore(LiveDeskDb db, TokenIssuer issuer, SessionRevocations revocations, IOptions<LiveDeskOptions> options,
    TimeProvider time, Realtime.Connections.ConnectionLifetimes connections)
{
    public async Task<LoginResponse> StartAsync(User user, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var session = new Session { UserId = user.Id, CreatedAt = now, LastUsedAt = now, ExpiresAt = now + options.Value.Auth.SessionLifetime };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return await IssueAsync(user, session, now, ct);
    }

    /// <summary>A new pair for a valid refresh token; null with the reason otherwise. A token used before ends its
    /// whole session: whoever holds the newer one (perhaps a thief) is signed out too.</summary>
    public async Task<(LoginResponse? Pair, string? Refusal)> RefreshAsync(string refreshToken, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var hash = Hash(refreshToken);
        var token = await db.RefreshTokens.AsNoTracking().SingleOrDefaultAsync(t => t.TokenHash == hash, ct);
        var session = token is null ? null : await db.Sessions.SingleOrDefaultAsync(s => s.Id == token.SessionId, ct);
        if (token is null || session is null || session.RevokedAt is not null || session.ExpiresAt <= now)
        {
            return (null, "The refresh token is not valid (unknown, expired or signed out). Sign in again.");
        }
        var won = await db.RefreshTokens.Where(t => t.Id == token.Id && t.UsedAt == null)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.UsedAt, now), ct);
        if (won == 0)
        {
            await EndAsync(session, "refresh token reused", now, ct);
            return (null, "This refresh token was already used, so the session has been ended for safety. Sign in again.");
        }
        var user = await db.Users.AsNoTracking().Include(u => u.Teams).SingleAsync(u => u.Id == session.UserId, ct);
        if (!user.IsActive)
        {
            await EndAsync(session, "deactivated", now, ct);
            return (null, "This account has been deactivated.");
        }
        session.LastUsedAt = now;
        session.ExpiresAt = now + options.Value.Auth.SessionLifetime;
        return (await IssueAsync(user, session, now, ct), null);
    }

    /// <summary>Ends one session (logout): its refresh tokens stop working and its access tokens are refused.</summary>
    public async Task EndAsync(long sessionId, string reason, CancellationToken ct)
    {
        if (await db.Sessions.SingleOrDefaultAsync(s => s.Id == sessionId, ct) is { RevokedAt: null } session)
        {
            await EndAsync(session, reason, time.GetUtcNow(), ct);
        }
    }

    /// <summary>Ends every session of a user but <paramref name="keep"/> (logout-all, a password change).</summary>
    public async Task EndAllAsync(long userId, long? keep, string reason, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var session in await db.Sessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != keep).ToListAsync(ct))
        {
            await EndAsync(session, reason, now, ct);
        }
    }

    private async Task EndAsync(Session session, string reason, DateTimeOffset now, CancellationToken ct)
    {
        session.RevokedAt = now;
        session.RevokedReason = reason;
        await db.SaveChangesAsync(ct);
        revocations.Revoked(session.Id, now);
        // That device's live connections end with it, not when their token would have expired.
        connections.EndSession(session.UserId, session.Id);
    }

    private async Task<LoginResponse> IssueAsync(User user, Session session, DateTimeOffset now, CancellationToken ct)
    {
        var refresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        db.RefreshTokens.Add(new RefreshToken { SessionId = session.Id, TokenHash = Hash(refresh), CreatedAt = now });
        await db.SaveChangesAsync(ct);
        var (access, expiresAt) = issuer.Issue(user, session.Id);
        return new LoginResponse(access, expiresAt, user.ToDto(), refresh, session.ExpiresAt);
    }

    private static string Hash(string token) => Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
}
