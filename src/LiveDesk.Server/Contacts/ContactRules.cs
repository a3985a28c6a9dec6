using System.Net.Mail;
using System.Text.RegularExpressions;
using LiveDesk.Contracts.Contacts;

namespace LiveDesk.Server.Contacts;

/// <summary>What a contact may hold. Checked at the edge; a bad value is a 400 naming the field, and nothing changes.</summary>
public static partial class ContactRules
{
    public const int MaxNameLength = 200;
    public const int MaxNotesLength = 10_000;
    public const int MaxEmails = 10;
    public const int MaxPhones = 10;
    public const int MaxTags = 20;
    public const int MaxTagLength = 32;

    public static Dictionary<string, string[]> Validate(string? name, IReadOnlyList<string>? emails,
        IReadOnlyList<string>? phones, IReadOnlyList<string>? tags, string? notes, bool nameRequired)
    {
        var errors = new Dictionary<string, string[]>();
        if ((nameRequired || name is not null) && (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength))
        {
            errors["name"] = [$"name must be 1 to {MaxNameLength} characters."];
        }
        if (emails is not null)
        {
            if (emails.Count > MaxEmails)
            {
                errors["emails"] = [$"At most {MaxEmails} emails."];
            }
            else if (emails.FirstOrDefault(e => !IsEmail(e)) is { } bad)
            {
                errors["emails"] = [$"'{Truncate(bad)}' is not an email address."];
            }
        }
        if (phones is not null)
        {
            if (phones.Count > MaxPhones)
            {
                errors["phones"] = [$"At most {MaxPhones} phone numbers."];
            }
            else if (phones.FirstOrDefault(p => p is null || !PhonePattern().IsMatch(p)) is { } bad)
            {
                errors["phones"] = [$"'{Truncate(bad)}' is not a phone number: digits, spaces, +, -, ( and ), 3 to 32 characters."];
            }
        }
        if (tags is not null)
        {
            if (tags.Count > MaxTags)
            {
                errors["tags"] = [$"At most {MaxTags} tags."];
            }
            else if (tags.FirstOrDefault(t => t is null || !TagPattern().IsMatch(t)) is { } bad)
            {
                errors["tags"] = [$"'{Truncate(bad)}' is not a tag: lowercase letters, digits, - and _, 1 to {MaxTagLength} characters."];
            }
        }
        if (notes is { Length: > MaxNotesLength })
        {
            errors["notes"] = [$"notes is at most {MaxNotesLength} characters."];
        }
        return errors;
    }

    /// <summary>Emails are compared and stored lowercased and trimmed; duplicates are dropped.</summary>
    public static List<string> NormalizeEmails(IEnumerable<string> emails) =>
        emails.Select(e => e.Trim().ToLowerInvariant()).Distinct().ToList();

    public static List<string> Distinct(IEnumerable<string> values) => values.Select(v => v.Trim()).Distinct().ToList();

    private static bool IsEmail(string? value) =>
        value is { Length: > 0 and <= 254 } && MailAddress.TryCreate(value.Trim(), out var address)
        && address.Address == value.Trim() && address.Host.Contains('.');

    private static string Truncate(string? value) => value is null ? "null" : value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex(@"^\+?[0-9 ()\-]{3,32}$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[a-z0-9_\-]{1,32}$")]
    private static partial Regex TagPattern();
}
