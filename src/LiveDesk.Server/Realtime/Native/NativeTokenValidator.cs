using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Identity;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace LiveDesk.Server.Realtime.Native;

/// <summary>Checks the native endpoint's access token with the same token handlers and validation parameters as the
/// JWT bearer scheme, but outside the authentication middleware. Through the middleware, the request would keep the
/// parsed token, its claims and the authentication ticket referenced for the connection's whole life (about 6 KiB per
/// idle connection, docs/performance.md); here the connection keeps only its viewer and the token's expiry.</summary>
public sealed class NativeTokenValidator(IOptionsMonitor<JwtBearerOptions> jwt, SessionRevocations revocations)
{
    /// <summary>The token from <c>Authorization: Bearer</c>, or from <c>access_token</c> in the query string or a
    /// header (browsers' WebSocket cannot set Authorization).</summary>
    public static string? ReadToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }
        var token = request.Query["access_token"].ToString();
        if (string.IsNullOrEmpty(token))
        {
            token = request.Headers["access_token"].ToString();
        }
        return string.IsNullOrEmpty(token) ? null : token;
    }

    /// <summary>Whose token it is and when it expires, or null when it is missing, malformed, forged or expired. Only
    /// these two values are returned, so nothing of the parsed token outlives the check.</summary>
    public async Task<NativeIdentity?> ValidateAsync(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        var options = jwt.Get(JwtBearerDefaults.AuthenticationScheme);
        foreach (var handler in options.TokenHandlers)
        {
            var result = await handler.ValidateTokenAsync(token, options.TokenValidationParameters);
            if (result.IsValid && long.TryParse(result.ClaimsIdentity.FindFirst(TokenClaims.Subject)?.Value, out var userId)
                && !(long.TryParse(result.ClaimsIdentity.FindFirst(TokenClaims.Session)?.Value, out var sid) && revocations.IsRevoked(sid)))
            {
                return new NativeIdentity(userId, new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero));
            }
        }
        return null;
    }
}

public sealed record NativeIdentity(long UserId, DateTimeOffset ExpiresAt);
