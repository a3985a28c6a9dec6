using System.Buffers.Text;
using System.Text.Json;

namespace LiveDesk.Client;

/// <summary>How long an access token works and when to refresh it; the same rules as the dashboard's
/// (web/src/live/session.ts).</summary>
public static class TokenLifetime
{
    /// <summary>How long before expiry a token is refreshed at the latest, if its life allows.</summary>
    public static readonly TimeSpan SafetyMargin = TimeSpan.FromMinutes(1);

    /// <summary>When to refresh a token that works for <paramref name="remaining"/> more: at three quarters of it, but
    /// never later than <see cref="SafetyMargin"/> before its end; a token too short for that (under 80 s) after a
    /// quarter of its life, so the refresh and the live connection's move to the new token have most of it to complete
    /// in. A 15-minute token is refreshed after 11¼ minutes, a 2-minute one after 1, a 2-second one after half a
    /// second. The same rule as the dashboard's (web/src/live/session.ts).</summary>
    public static TimeSpan RefreshDelay(TimeSpan remaining)
    {
        if (remaining <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }
        return TimeSpan.FromTicks(Math.Min(remaining.Ticks * 3 / 4, Math.Max((remaining - SafetyMargin).Ticks, remaining.Ticks / 4)));
    }

    /// <summary>How long a token just issued works, on the server's clock only, so a client whose clock is off still
    /// refreshes in time. The JWT's <c>exp</c> is whole seconds, rounded down, and is what the server enforces (live
    /// connections close at it): up to a second before the exact <paramref name="expiresAt"/>. With <c>iat</c> it also
    /// gives the configured lifetime. A token that is not a readable JWT falls back to <paramref name="expiresAt"/>
    /// minus <paramref name="now"/>.</summary>
    public static TimeSpan Remaining(string accessToken, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        if (TryReadClaims(accessToken, out var issuedAt, out var expires) && expires > issuedAt)
        {
            var lifetime = TimeSpan.FromSeconds(expires - issuedAt);
            var issued = expiresAt - lifetime;
            var untilExp = DateTimeOffset.FromUnixTimeSeconds(expires) - issued;
            return TimeSpan.FromTicks(Math.Min(lifetime.Ticks, Math.Max((lifetime - TimeSpan.FromSeconds(1)).Ticks, untilExp.Ticks)));
        }
        return expiresAt - now;
    }

    /// <summary>Reads <c>iat</c> and <c>exp</c> from a JWT's payload, without checking anything: the server does that.</summary>
    public static bool TryReadClaims(string? accessToken, out long issuedAt, out long expires)
    {
        issuedAt = expires = 0;
        var parts = accessToken?.Split('.');
        if (parts is not { Length: 3 })
        {
            return false;
        }
        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.ValueKind == JsonValueKind.Object
                && payload.RootElement.TryGetProperty("iat", out var iat) && iat.TryGetInt64(out issuedAt)
                && payload.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out expires);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }
}
