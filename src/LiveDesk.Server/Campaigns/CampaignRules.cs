using LiveDesk.Contracts.Campaigns;
using LiveDesk.Server.Contacts;

namespace LiveDesk.Server.Campaigns;

/// <summary>What a campaign may hold, and which status moves exist (anything else is a 409).</summary>
public static class CampaignRules
{
    public const int MaxNameLength = 200;
    public const int MaxSubjectLength = 200;
    public const int MaxBodyLength = 50_000;

    public static readonly IReadOnlyDictionary<CampaignStatus, CampaignStatus[]> Moves = new Dictionary<CampaignStatus, CampaignStatus[]>
    {
        [CampaignStatus.Draft] = [CampaignStatus.Scheduled, CampaignStatus.Running, CampaignStatus.Cancelled],
        [CampaignStatus.Scheduled] = [CampaignStatus.Scheduled, CampaignStatus.Draft, CampaignStatus.Running, CampaignStatus.Cancelled],
        [CampaignStatus.Running] = [CampaignStatus.Paused, CampaignStatus.Cancelled, CampaignStatus.Completed],
        [CampaignStatus.Paused] = [CampaignStatus.Running, CampaignStatus.Cancelled],
        [CampaignStatus.Completed] = [],
        [CampaignStatus.Cancelled] = [],
    };

    public static Dictionary<string, string[]> Validate(string? name, string? subject, string? body, CampaignAudience? audience, bool required)
    {
        var errors = new Dictionary<string, string[]>();
        Check(errors, "name", name, MaxNameLength, required);
        Check(errors, "subject", subject, MaxSubjectLength, required);
        Check(errors, "bodyTemplate", body, MaxBodyLength, required);
        if (audience?.Tags is { } tags && ContactRules.Validate(null, null, null, tags, null, nameRequired: false).TryGetValue("tags", out var bad))
        {
            errors["audience.tags"] = bad;
        }
        return errors;
    }

    /// <summary>How far ahead a campaign may be scheduled.</summary>
    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromDays(366);

    public static Dictionary<string, string[]> ValidateSchedule(DateTimeOffset? at, DateTimeOffset now) => at switch
    {
        null => new() { ["at"] = ["at is required: when the campaign should start, as ISO 8601 with an offset, e.g. 2026-12-24T09:00:00+01:00."] },
        { } when at <= now => new() { ["at"] = ["at must be in the future."] },
        { } when at > now + MaxScheduleAhead => new() { ["at"] = ["at must be at most a year ahead."] },
        _ => [],
    };

    /// <summary>Filled in per recipient (by <see cref="CampaignQueue"/>) with the contact's name and email address.</summary>
    public const string NamePlaceholder = "{{name}}";
    public const string EmailPlaceholder = "{{email}}";

    private static void Check(Dictionary<string, string[]> errors, string field, string? value, int max, bool required)
    {
        if ((required || value is not null) && (string.IsNullOrWhiteSpace(value) || value.Length > max))
        {
            errors[field] = [$"{field} must be 1 to {max:N0} characters."];
        }
    }
}
