using System.Net;

namespace LiveDesk.Client;

/// <summary>The server answered with a non-success status. <see cref="Title"/> and <see cref="Detail"/> come from
/// the ProblemDetails body when there is one; <see cref="Body"/> keeps the raw text for anything else.</summary>
public sealed class LiveDeskApiException : Exception
{
    public LiveDeskApiException(
        HttpStatusCode statusCode,
        string? title,
        string? detail,
        string? body,
        IReadOnlyDictionary<string, string[]>? errors = null)
        : base(BuildMessage(statusCode, title, detail))
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        Body = body;
        Errors = errors;
    }

    public HttpStatusCode StatusCode { get; }

    public string? Title { get; }

    public string? Detail { get; }

    /// <summary>The response body as received; may be empty.</summary>
    public string? Body { get; }

    /// <summary>Field errors of a validation problem (<c>errors</c> in the ProblemDetails body), if any.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; }

    private static string BuildMessage(HttpStatusCode statusCode, string? title, string? detail)
    {
        var head = $"LiveDesk API answered {(int)statusCode} {statusCode}";
        return (title, detail) switch
        {
            (null, null) => head + ".",
            (_, null) => $"{head}: {title}",
            (null, _) => $"{head}: {detail}",
            _ => $"{head}: {title} ({detail})",
        };
    }
}
