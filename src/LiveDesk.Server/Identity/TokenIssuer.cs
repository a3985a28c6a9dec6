using System.Security.Claims;
using LiveDesk.Server.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using LiveDesk.Contracts.Identity;

namespace LiveDesk.Server.Identity;

public sealed class TokenIssuer(SigningKey signingKey, IOptions<LiveDeskOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTimeOffset ExpiresAt) Issue(User user, long? sessionId = null)
    {
        var auth = options.Value.Auth;
        var now = time.GetUtcNow();
        var expiresAt = now + auth.TokenLifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            Subject = new ClaimsIdentity(
            [
                new Claim(TokenClaims.Subject, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(TokenClaims.Email, user.Email),
                new Claim(TokenClaims.Name, user.DisplayName),
                new Claim(TokenClaims.Role, user.Role.ToWire()),
                // Unique per token, so two issued in the same second (a quick refresh) still differ.
                new Claim("jti", Guid.NewGuid().ToString("N")),
                .. sessionId is { } sid ? [new Claim(TokenClaims.Session, sid.ToString(System.Globalization.CultureInfo.InvariantCulture))] : Array.Empty<Claim>(),
            ]),
            SigningCredentials = new SigningCredentials(signingKey.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expiresAt);
    }
}
