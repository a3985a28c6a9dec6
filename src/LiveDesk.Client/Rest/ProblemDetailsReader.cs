using System.Net;
using System.Text.Json;

namespace LiveDesk.Client;

/// <summary>Turns an error response into <see cref="LiveDeskApiException"/>. Parsed by hand rather than through an
/// ASP.NET Core type so the SDK does not depend on the server framework, and so a non-JSON body (a proxy's HTML
/// page) still produces a useful exception instead of a parse error.</summary>
internal static class ProblemDetailsReader
{
    public static async Task<LiveDeskApiException> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        var (title, detail, errors) = TryParse(body);
        return new LiveDeskApiException(response.StatusCode, title ?? response.ReasonPhrase, detail, body, errors);
    }

    private static (string? Title, string? Detail, IReadOnlyDictionary<string, string[]>? Errors) TryParse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null, null);
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null, null);
            }
            return (ReadString(root, "title"), ReadString(root, "detail"), ReadErrors(root));
        }
        catch (JsonException)
        {
            return (null, null, null);
        }
    }

    private static string? ReadString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, string[]>? ReadErrors(JsonElement root)
    {
        if (!root.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        var result = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in errors.EnumerateObject())
        {
            result[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                ? field.Value.EnumerateArray().Select(e => e.ToString()).ToArray()
                : [field.Value.ToString()];
        }
        return result;
    }
}
