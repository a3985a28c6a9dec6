namespace LiveDesk.Server.Identity;

/// <summary>What a new password must be: long enough, not one of the passwords every attacker tries first, and not the
/// user's own email or name. Length matters most (NIST SP 800-63B); no composition rules.</summary>
public static class PasswordPolicy
{
    public const int MinLength = 10;
    public const int MaxLength = 512;

    /// <summary>The most common passwords of at least the minimum length, from the public breach lists, lowercased.</summary>
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "1234567890", "12345678910", "123456789a", "1q2w3e4r5t", "1qaz2wsx3edc", "abcdefghij", "password12", "password123",
        "password1234", "passw0rd12", "qwertyuiop", "qwerty1234", "qwerty12345", "iloveyou12", "0987654321", "1111111111",
        "0000000000", "9876543210", "letmein123", "welcome123", "welcome1234", "administrator", "admin12345", "admin123456",
        "changeme123", "football12", "baseball12", "superman12", "sunshine12", "princess12", "trustno1234", "starwars12",
        "dragon1234", "monkey1234", "master1234", "liverpool1", "chelsea123", "asdfghjkl1", "asdfghjkl;", "zxcvbnm123",
        "qazwsxedc1", "qazwsxedcrfv", "1q2w3e4r5t6y", "a1b2c3d4e5", "p@ssw0rd12", "p@ssword123", "secret1234", "livedesk123",
        "helpdesk123", "support123", "demo123456",
    };

    /// <summary>Null when acceptable; otherwise the rule it breaks, to show the user.</summary>
    public static string? Check(string? password, string email, string displayName)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinLength)
        {
            return $"Use at least {MinLength} characters; a few unrelated words make a strong password that is easy to remember.";
        }
        if (password.Length > MaxLength)
        {
            return $"Use at most {MaxLength} characters.";
        }
        if (Common.Contains(password) || password.Distinct().Count() <= 2)
        {
            return "That password is among the most common ones and is tried first by attackers; choose another.";
        }
        var local = email.Split('@')[0];
        if (password.Contains(email, StringComparison.OrdinalIgnoreCase) || (local.Length >= 3 && password.Contains(local, StringComparison.OrdinalIgnoreCase))
            || password.Equals(displayName, StringComparison.OrdinalIgnoreCase))
        {
            return "The password must not contain your email address or name.";
        }
        return null;
    }
}
