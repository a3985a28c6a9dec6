namespace LiveDesk.Server.Conversations;

public static class ConversationRules
{
    public const int MaxSubjectLength = 200;
    public const int MaxBodyLength = 10_000;

    public static Dictionary<string, string[]> Validate(string? body, string? subject)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(body) || body.Length > MaxBodyLength)
        {
            errors["body"] = [$"body must be 1 to {MaxBodyLength} characters."];
        }
        if (subject is { Length: > MaxSubjectLength })
        {
            errors["subject"] = [$"subject is at most {MaxSubjectLength} characters."];
        }
        return errors;
    }
}
