using System.Text.Json.Serialization;

namespace LiveDesk.Contracts.Identity;

[JsonConverter(typeof(WireEnumConverter<UserRole>))]
public enum UserRole
{
    [JsonStringEnumMemberName("admin")] Admin,
    [JsonStringEnumMemberName("manager")] Manager,
    [JsonStringEnumMemberName("agent")] Agent,
    [JsonStringEnumMemberName("customer")] Customer,
}

public static class UserRoles
{
    /// <summary>The wire name of a role, as used in JSON, JWT claims and <c>role:{role}</c> rooms.</summary>
    public static string ToWire(this UserRole role) => role switch
    {
        UserRole.Admin => "admin",
        UserRole.Manager => "manager",
        UserRole.Agent => "agent",
        UserRole.Customer => "customer",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(string? value, out UserRole role)
    {
        foreach (var candidate in Enum.GetValues<UserRole>())
        {
            if (string.Equals(candidate.ToWire(), value, StringComparison.Ordinal))
            {
                role = candidate;
                return true;
            }
        }
        role = default;
        return false;
    }

    public static bool IsStaff(this UserRole role) => role != UserRole.Customer;
}
