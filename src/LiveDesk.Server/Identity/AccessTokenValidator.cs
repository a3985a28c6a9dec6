using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace LiveDesk.Server.Identity;

/// <summary>Checks a raw access token with the same token handlers and validation parameters as the JWT bearer scheme,
/// outside the authentication middleware: for the native WebSocket's handshake and for a live connection moving to a
/// fresh token (<c>reauthenticate</c>). Through the middleware, a native connection would keep the parsed token, its
/// claims and the authentication ticket referenced for its whole life (about 6 KiB per idle connection,
/// docs/performance.md); here only the three values of <see cref="AccessTokenIdentity"/> outlive the check.</summary>
public sealed class AccessTokenValidator(IOptionsMonitor<JwtBearerOptions> jwt, SessionRevocations revocations)
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

    /// <summary>Whose token it is, its session and when it expires; null when it is missing, malformed, forged,
    /// expired, or its session has ended.</summary>
    public async Task<AccessTokenIdentity?> ValidateAsync(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 8 * 1024)
        {
            return null;
        }
        var options = jwt.Get(JwtBearerDefaults.AuthenticationScheme);
        foreach (var handler in options.TokenHandlers)
        {
            var result = await handler.ValidateTokenAsync(token, options.TokenValidationParameters);
            if (!result.IsValid || !long.TryParse(result.ClaimsIdentity.FindFirst(TokenClaims.Subject)?.Value, out var userId))
            {
                continue;
            }
            long? sessionId = long.TryParse(result.ClaimsIdentity.FindFirst(TokenClaims.Session)?.Value, out var sid) ? sid : null;
            if (sessionId is { } ended && revocations.IsRevoked(ended))
            {
                return null;
            }
            return new AccessTokenIdentity(userId, sessionId, new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero));
        }
        return null;
    }
}

/// <summary>What a live connection keeps of its token: whose it is, which session issued it, and when it expires.</summary>
public sealed record AccessTokenIdentity(long UserId, long? SessionId, DateTimeOffset ExpiresAt)
{
    /// <summary>From an authenticated principal (the hub and SSE, which pass through the JWT middleware).</summary>
    public static AccessTokenIdentity? From(System.Security.Claims.ClaimsPrincipal principal)
    {
        if (!long.TryParse(principal.FindFirst(TokenClaims.Subject)?.Value, out var userId))
        {
            return null;
        }
        var expires = long.TryParse(principal.FindFirst("exp")?.Value, out var exp)
            ? DateTimeOffset.FromUnixTimeSeconds(exp) : DateTimeOffset.MaxValue;
        return new AccessTokenIdentity(userId, SessionEndpoints.SessionId(principal), expires);
    }
}
