using System.Text.Json.Serialization;

namespace LiveDesk.Contracts.Campaigns;

[JsonConverter(typeof(WireEnumConverter<CampaignStatus>))]
public enum CampaignStatus
{
    [JsonStringEnumMemberName("draft")] Draft,
    [JsonStringEnumMemberName("scheduled")] Scheduled,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("paused")] Paused,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

[JsonConverter(typeof(WireEnumConverter<RecipientStatus>))]
public enum RecipientStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("sent")] Sent,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("bounced")] Bounced,
}

/// <summary>Who a campaign goes to: contacts with any of <see cref="Tags"/> (none: any), of
/// <see cref="OrganizationId"/> and owned by <see cref="OwnerId"/> when given, that have an email address.</summary>
public sealed record CampaignAudience(IReadOnlyList<string>? Tags = null, long? OrganizationId = null, long? OwnerId = null);

/// <summary>The counts always equal the recipient table: <c>Total = Pending + Sent + Failed + Bounced</c>.</summary>
public sealed record CampaignProgress(int Total, int Pending, int Sent, int Failed, int Bounced);

public sealed record CampaignDto(
    long Id,
    string Name,
    string Channel,
    string Subject,
    string BodyTemplate,
    CampaignAudience Audience,
    CampaignStatus Status,
    CampaignProgress Progress,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ScheduledAt = null);

/// <summary>When a draft (or an already scheduled) campaign starts by itself: in the future, at most a year ahead.</summary>
public sealed record ScheduleCampaignRequest(DateTimeOffset? At);

public sealed record CreateCampaignRequest(string? Name, string? Subject, string? BodyTemplate, CampaignAudience? Audience = null);

public sealed record UpdateCampaignRequest(string? Name = null, string? Subject = null, string? BodyTemplate = null, CampaignAudience? Audience = null);

/// <summary>The audience as it would be if the campaign started now: how many, and the first few.</summary>
public sealed record AudiencePreview(int Count, IReadOnlyList<AudienceMember> First);

public sealed record AudienceMember(long ContactId, string Name, string Email);

public sealed record RecipientDto(long Id, long ContactId, string Email, RecipientStatus Status, DateTimeOffset UpdatedAt);
