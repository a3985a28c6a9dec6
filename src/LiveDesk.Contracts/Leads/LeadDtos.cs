using System.Text.Json.Serialization;

namespace LiveDesk.Contracts.Leads;

/// <summary>A lead's place in the pipeline. Moves follow the transition table in docs/api.md; <c>won</c> is final.</summary>
[JsonConverter(typeof(WireEnumConverter<LeadStage>))]
public enum LeadStage
{
    [JsonStringEnumMemberName("new")] New,
    [JsonStringEnumMemberName("contacted")] Contacted,
    [JsonStringEnumMemberName("qualified")] Qualified,
    [JsonStringEnumMemberName("proposal")] Proposal,
    [JsonStringEnumMemberName("won")] Won,
    [JsonStringEnumMemberName("lost")] Lost,
}

/// <summary>A possible sale. Its owner, managers and admins see it.</summary>
/// <param name="Value">The expected amount, in <see cref="Currency"/> (an ISO 4217 code).</param>
/// <param name="LostReason">Why it was lost; set only in <see cref="LeadStage.Lost"/>.</param>
/// <param name="ConvertedAt">When it was converted into a contact and organization; null until then.</param>
public sealed record LeadDto(
    long Id,
    string Title,
    long? ContactId,
    long? OrganizationId,
    decimal? Value,
    string Currency,
    long OwnerId,
    DateOnly? ExpectedCloseDate,
    string Source,
    LeadStage Stage,
    string? LostReason,
    DateTimeOffset? ConvertedAt,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A page of leads, newest first; pass <see cref="NextBefore"/> as <c>before</c> for the next.</summary>
public sealed record LeadPage(IReadOnlyList<LeadDto> Items, int Total, long? NextBefore);

public sealed record CreateLeadRequest(
    string? Title,
    long? ContactId = null,
    long? OrganizationId = null,
    decimal? Value = null,
    string? Currency = null,
    long? OwnerId = null,
    DateOnly? ExpectedCloseDate = null,
    string? Source = null);

/// <summary>Fields a PATCH may change; a null field is left as it is. Stage and owner have their own endpoints, because
/// each has its own event and rules.</summary>
public sealed record UpdateLeadRequest(
    string? Title = null,
    decimal? Value = null,
    string? Currency = null,
    DateOnly? ExpectedCloseDate = null,
    string? Source = null);

/// <summary>A move in the pipeline; <see cref="LostReason"/> is required for <see cref="LeadStage.Lost"/>.</summary>
public sealed record ChangeLeadStageRequest(LeadStage? Stage, string? LostReason = null);

public sealed record AssignLeadRequest(long? OwnerId);

/// <summary>Converts a lead: link an existing contact and organization, or create them, in one transaction. Give at
/// most one of each pair; a new contact is linked to the organization (existing or new).</summary>
public sealed record ConvertLeadRequest(
    long? ContactId = null,
    NewLeadContact? NewContact = null,
    long? OrganizationId = null,
    NewLeadOrganization? NewOrganization = null,
    long? TeamId = null);

public sealed record NewLeadContact(string? Name, IReadOnlyList<string>? Emails = null, IReadOnlyList<string>? Phones = null);

public sealed record NewLeadOrganization(string? Name, string? Domain = null);
