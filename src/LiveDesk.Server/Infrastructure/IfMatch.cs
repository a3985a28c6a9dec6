using System.Globalization;

namespace LiveDesk.Server.Infrastructure;

/// <summary>Reads the <c>If-Match</c> precondition of any versioned entity: a version as an ETag (<c>"5"</c>, or bare
/// <c>5</c>) or <c>*</c>. If-Match uses the strong comparison (RFC 9110 13.1.1): a weak ETag (<c>W/"5"</c>) is
/// well-formed but never matches, so it gets 412 and nothing changes.</summary>
public readonly record struct IfMatch(bool Present, bool Valid, long? Version, bool Weak = false)
{
    public static IfMatch From(HttpRequest request)
    {
        var raw = request.Headers.IfMatch.ToString().Trim();
        if (raw.Length == 0 || raw == "*")
        {
            return new IfMatch(raw.Length > 0, true, null);
        }
        var weak = raw.StartsWith("W/", StringComparison.Ordinal);
        var value = (weak ? raw[2..] : raw).Trim('"');
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? new IfMatch(true, true, version, weak)
            : new IfMatch(true, false, null);
    }

    public bool Allows(long currentVersion) => !Weak && (Version is null || Version == currentVersion);

    public static string ETagFor(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}
