using System.Globalization;

namespace LiveDesk.Server.Infrastructure;

/// <summary>Reads the <c>If-Match</c> precondition of any versioned entity: a version as an ETag (<c>"5"</c>, <c>W/"5"</c>, <c>5</c>) or <c>*</c>.</summary>
public readonly record struct IfMatch(bool Present, bool Valid, long? Version)
{
    public static IfMatch From(HttpRequest request)
    {
        var raw = request.Headers.IfMatch.ToString().Trim();
        if (raw.Length == 0 || raw == "*")
        {
            return new IfMatch(raw.Length > 0, true, null);
        }
        var value = raw.StartsWith("W/", StringComparison.Ordinal) ? raw[2..] : raw;
        value = value.Trim('"');
        return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? new IfMatch(true, true, version)
            : new IfMatch(true, false, null);
    }

    public bool Allows(long currentVersion) => Version is null || Version == currentVersion;

    public static string ETagFor(long version) => $"\"{version.ToString(CultureInfo.InvariantCulture)}\"";
}
