namespace LiveDesk.Contracts.Contacts;

/// <summary>A person the desk deals with. Staff of <see cref="TeamId"/> see it; managers and admins see all.</summary>
public sealed record ContactDto(
    long Id,
    string Name,
    IReadOnlyList<string> Emails,
    IReadOnlyList<string> Phones,
    long TeamId,
    long? OwnerId,
    long? OrganizationId,
    IReadOnlyList<string> Tags,
    string Notes,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A page of contacts, newest first; pass <see cref="NextBefore"/> as <c>before</c> for the next.
/// <see cref="Total"/> counts the matches exactly up to 10,000; beyond that it is 10,000 and <see cref="TotalCapped"/>
/// is true ("10,000+"), so a list of a hundred thousand contacts is not counted row by row on every page.</summary>
public sealed record ContactPage(IReadOnlyList<ContactDto> Items, int Total, long? NextBefore, bool TotalCapped = false);

public sealed record CreateContactRequest(
    string? Name,
    IReadOnlyList<string>? Emails,
    IReadOnlyList<string>? Phones,
    long? TeamId,
    long? OwnerId,
    IReadOnlyList<string>? Tags,
    string? Notes,
    long? OrganizationId = null);

/// <summary>Merges the contact into <see cref="Into"/>, the survivor.</summary>
public sealed record MergeContactRequest(long? Into);

/// <summary>Fields a PATCH may change; a null field is left as it is. <see cref="OrganizationId"/> 0 unlinks the
/// contact from its organization.</summary>
public sealed record UpdateContactRequest(
    string? Name = null,
    IReadOnlyList<string>? Emails = null,
    IReadOnlyList<string>? Phones = null,
    long? TeamId = null,
    IReadOnlyList<string>? Tags = null,
    string? Notes = null,
    long? OrganizationId = null);

/// <summary>One entry of a contact's timeline: a ticket, conversation, lead or campaign mail of theirs.</summary>
/// <param name="Kind"><c>ticket</c>, <c>conversation</c>, <c>lead</c> or <c>campaign_mail</c>.</param>
/// <param name="Id">The ticket's, conversation's or lead's id; for a campaign mail, the campaign's.</param>
public sealed record ContactTimelineItem(string Kind, long Id, string Title, string Status, DateTimeOffset At, long? ContactId = null);
