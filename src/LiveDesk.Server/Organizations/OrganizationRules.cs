using System.Text.RegularExpressions;

namespace LiveDesk.Server.Organizations;

/// <summary>What an organization may hold. Checked at the edge; a bad value is a 400 naming the field.</summary>
public static partial class OrganizationRules
{
    public const int MaxNameLength = 200;
    public const int MaxDomainLength = 253;
    public const int MaxNotesLength = 10_000;

    public static Dictionary<string, string[]> Validate(string? name, string? domain, string? notes, bool nameRequired)
    {
        var errors = new Dictionary<string, string[]>();
        if ((nameRequired || name is not null) && (string.IsNullOrWhiteSpace(name) || name.Trim().Length > MaxNameLength))
        {
            errors["name"] = [$"name must be 1 to {MaxNameLength} characters."];
        }
        if (domain is not null && domain.Length > 0 && NormalizeDomain(domain) is null)
        {
            errors["domain"] = ["domain must be a host name such as example.com, without scheme or path."];
        }
        if (notes is { Length: > MaxNotesLength })
        {
            errors["notes"] = [$"notes is at most {MaxNotesLength} characters."];
        }
        return errors;
    }

    /// <summary>Lowercased and trimmed; an empty string clears the domain. Null when it is not a host name.</summary>
    public static string? NormalizeDomain(string domain)
    {
        var value = domain.Trim().ToLowerInvariant();
        return value.Length == 0 ? "" : value.Length <= MaxDomainLength && DomainPattern().IsMatch(value) ? value : null;
    }

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex DomainPattern();
}
