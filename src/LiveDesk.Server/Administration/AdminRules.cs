using System.Net.Mail;
using LiveDesk.Contracts.Identity;

namespace LiveDesk.Server.Administration;

/// <summary>Validation of people, teams and queues at the edge; each message names the field and the rule.</summary>
public static class AdminRules
{
    public const int MaxName = 200;
    public const int MaxTeams = 50;

    /// <summary>The roles an admin may give here. Customers are linked to a contact and sign in through the portal.</summary>
    public const string StaffRoles = "admin, manager or agent";

    public static void CheckName(Dictionary<string, string[]> errors, string field, string? value, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                errors[field] = [$"{field} is required."];
            }
            return;
        }
        var trimmed = value.Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxName)
        {
            errors[field] = [$"{field} must be 1 to {MaxName} characters."];
        }
        else if (trimmed.Any(c => char.IsControl(c)))
        {
            errors[field] = [$"{field} must not contain control characters."];
        }
    }

    public static string? NormalizeEmail(Dictionary<string, string[]> errors, string? email)
    {
        var trimmed = email?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors["email"] = ["email is required."];
            return null;
        }
        if (trimmed.Length > 254 || !MailAddress.TryCreate(trimmed, out var address) || address.Address != trimmed || !address.Host.Contains('.'))
        {
            errors["email"] = ["email must be an address like name@example.com (at most 254 characters)."];
            return null;
        }
        return trimmed;
    }

    /// <summary>A staff role from its wire name; a 400 naming the accepted roles otherwise (customers included, since
    /// they are not made here).</summary>
    public static UserRole? ParseRole(Dictionary<string, string[]> errors, string? role, bool required)
    {
        if (role is null)
        {
            if (required)
            {
                errors["role"] = [$"role is required: {StaffRoles}."];
            }
            return null;
        }
        if (!UserRoles.TryParse(role, out var parsed))
        {
            errors["role"] = [$"Unknown role '{Truncate(role)}'. Expected {StaffRoles}."];
            return null;
        }
        if (!parsed.IsStaff())
        {
            errors["role"] = [$"Customers are linked to a contact and use the portal; give a staff role here: {StaffRoles}."];
            return null;
        }
        return parsed;
    }

    public static List<long>? CheckTeamIds(Dictionary<string, string[]> errors, IReadOnlyList<long>? teamIds)
    {
        if (teamIds is null)
        {
            return null;
        }
        if (teamIds.Count > MaxTeams)
        {
            errors["teamIds"] = [$"At most {MaxTeams} teams."];
            return null;
        }
        return teamIds.Distinct().Order().ToList();
    }

    private static string Truncate(string value) => value.Length <= 32 ? value : value[..32] + "…";
}
