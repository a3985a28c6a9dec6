using System.Security.Cryptography;
using System.Text;
using LiveDesk.Server.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace LiveDesk.Server.Identity;

/// <summary>The HS256 key that signs access tokens. Never a fixed value in the repository: it comes from
/// configuration, or is generated once and kept beside the SQLite database.</summary>
public sealed class SigningKey(SymmetricSecurityKey key)
{
    public const string FileName = "jwt-signing.key";
    private const int MinimumConfiguredLength = 32;

    public SymmetricSecurityKey Key { get; } = key;

    public static SigningKey Load(LiveDeskOptions options, ILogger logger)
    {
        if (!string.IsNullOrEmpty(options.Auth.SigningKey))
        {
            if (options.Auth.SigningKey.Length < MinimumConfiguredLength)
            {
                throw new InvalidOperationException(
                    $"LiveDesk:Auth:SigningKey must be at least {MinimumConfiguredLength} characters.");
            }
            return new SigningKey(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.Auth.SigningKey)));
        }
        var path = Path.Combine(options.DataDirectoryFullPath, FileName);
        if (File.Exists(path))
        {
            return new SigningKey(new SymmetricSecurityKey(Convert.FromBase64String(File.ReadAllText(path).Trim())));
        }
        Directory.CreateDirectory(options.DataDirectoryFullPath);
        var bytes = RandomNumberGenerator.GetBytes(64);
        File.WriteAllText(path, Convert.ToBase64String(bytes));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        logger.LogWarning(
            "No LiveDesk:Auth:SigningKey configured; generated a random signing key at {Path}. Configure one when running several nodes.",
            path);
        return new SigningKey(new SymmetricSecurityKey(bytes));
    }
}
