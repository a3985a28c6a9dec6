using System.Text.RegularExpressions;

namespace LiveDesk.Server.Comments;

/// <summary>Finds <c>@someone@example.com</c> mentions in a comment body.</summary>
public static partial class Mentions
{
    private const int MaxMentions = 50;

    public static IReadOnlyList<string> ParseEmails(string body) =>
        MentionPattern().Matches(body)
            .Select(m => m.Groups["email"].Value.ToLowerInvariant())
            .Distinct()
            .Take(MaxMentions)
            .ToList();

    // An '@' that starts a word, followed by an address; the address must not be glued to a preceding word, so
    // "mail ana@x.test" (no leading @) is not a mention.
    [GeneratedRegex(@"(?<![\w@.])@(?<email>[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex MentionPattern();
}
