using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveDesk.Server.Identity;

/// <summary>One sign-in on one device: a family of refresh tokens, each used once. Its id is the access token's
/// <c>sid</c>, so ending the session (logout, a reused refresh token, a password change) also refuses its access
/// tokens at once (<see cref="SessionRevocations"/>).</summary>
public sealed class Session
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastUsedAt { get; set; }

    /// <summary>Slides forward with every refresh, by <c>Auth:SessionLifetime</c>.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
}

/// <summary>A refresh token, stored only as its SHA-256 hash. Used once: refreshing marks it used and issues the next
/// in the same session; presenting a used one again is the sign of a stolen token and ends the whole session.</summary>
public sealed class RefreshToken
{
    public long Id { get; set; }
    public long SessionId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

public sealed class SessionConfiguration : IEntityTypeConfiguration<Session>, IEntityTypeConfiguration<RefreshToken>
{
    public void Configure(EntityTypeBuilder<Session> session)
    {
        session.HasIndex(s => new { s.UserId, s.RevokedAt });
        session.HasIndex(s => s.RevokedAt);
        session.Property(s => s.RevokedReason).HasMaxLength(64);
        session.HasOne<User>().WithMany().HasForeignKey(s => s.UserId);
    }

    public void Configure(EntityTypeBuilder<RefreshToken> token)
    {
        token.HasIndex(t => t.TokenHash).IsUnique();
        token.Property(t => t.TokenHash).HasMaxLength(64);
        token.HasOne<Session>().WithMany().HasForeignKey(t => t.SessionId);
    }
}
