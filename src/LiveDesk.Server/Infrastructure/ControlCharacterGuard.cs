using System.Text;
using System.Text.Json;

namespace LiveDesk.Server.Infrastructure;

/// <summary>Refuses JSON request bodies whose text holds control characters other than tab, newline and carriage
/// return, with a 400 naming the field. One rule at the edge for every endpoint, and the same on both stores: PostgreSQL
/// cannot store U+0000 in text at all (it answered 500), SQLite stored it, and the others (escape, bell, C1 codes) break
/// mail headers, CSV exports and terminals downstream. JSON itself forbids them raw inside strings, so they can only
/// arrive escaped (<c>\u0000</c>, <c>\b</c>, <c>\f</c>): a body without a backslash is passed through unread.</summary>
public static class ControlCharacterGuard
{
    public static WebApplication UseControlCharacterGuard(this WebApplication app)
    {
        app.Use(next => http => IsJsonWrite(http.Request) ? CheckAsync(http, next) : next(http));
        return app;
    }

    private static bool IsJsonWrite(HttpRequest request) =>
        (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
        && request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;

    private static async Task CheckAsync(HttpContext http, RequestDelegate next)
    {
        if (http.Request.ContentLength is > ErrorHandlingSetup.MaxRequestBodyBytes)
        {
            await next(http);
            return;
        }
        http.Request.EnableBuffering();
        byte[] body;
        using (var copy = new MemoryStream())
        {
            await http.Request.Body.CopyToAsync(copy, http.RequestAborted);
            body = copy.ToArray();
        }
        http.Request.Body.Position = 0;
        if (Array.IndexOf(body, (byte)'\\') >= 0 && FindControlCharacter(body) is { } field)
        {
            await Results.ValidationProblem(new Dictionary<string, string[]>
            {
                [field.Path] = [$"{field.Path} must not contain control characters (found U+{(int)field.Character:X4}); only tab, newline and carriage return are allowed."],
            }).ExecuteAsync(http);
            return;
        }
        await next(http);
    }

    /// <summary>The first string holding a forbidden character, with its property path (<c>audience.tags</c>); null when
    /// there is none or the body is not JSON (the endpoint's own binding then explains that).</summary>
    public static (string Path, char Character)? FindControlCharacter(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 });
        var path = new List<string>();
        var containers = new Stack<bool>();
        string? property = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        containers.Push(reader.TokenType == JsonTokenType.StartObject);
                        path.Add(property ?? "");
                        property = null;
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        containers.Pop();
                        path.RemoveAt(path.Count - 1);
                        property = null;
                        break;
                    case JsonTokenType.PropertyName:
                        property = reader.GetString();
                        if (reader.ValueIsEscaped && Forbidden(property) is { } inName)
                        {
                            return (Join(path, "(property name)"), inName);
                        }
                        break;
                    case JsonTokenType.String:
                        if (reader.ValueIsEscaped && Forbidden(reader.GetString()) is { } found)
                        {
                            return (Join(path, property ?? ""), found);
                        }
                        if (containers.TryPeek(out var inObject) && inObject)
                        {
                            property = null;
                        }
                        break;
                    default:
                        if (containers.TryPeek(out var isObject) && isObject)
                        {
                            property = null;
                        }
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return null;
    }

    private static char? Forbidden(string? value)
    {
        foreach (var c in value ?? "")
        {
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
            {
                return c;
            }
        }
        return null;
    }

    private static string Join(List<string> path, string last)
    {
        var parts = path.Where(p => p.Length > 0).Append(last).Where(p => p.Length > 0);
        var joined = string.Join('.', parts);
        return joined.Length == 0 ? "body" : joined;
    }
}
