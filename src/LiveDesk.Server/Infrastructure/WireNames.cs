using System.Text.Json;

namespace LiveDesk.Server.Infrastructure;

/// <summary>Wire names of the contract enums (<c>in_progress</c>, <c>proposal</c>) for query strings and messages,
/// taken from the same JSON converter as bodies so the two can never disagree.</summary>
public static class WireNames
{
    public static string Of<T>(T value) where T : struct, Enum => JsonSerializer.Serialize(value).Trim('"');

    public static IReadOnlyList<string> All<T>() where T : struct, Enum => Enum.GetValues<T>().Select(Of).ToList();

    public static bool TryParse<T>(string name, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (Of(candidate) == name)
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}
