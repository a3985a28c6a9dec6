using LiveDesk.Contracts.Leads;
using LiveDesk.Server.Infrastructure;

namespace LiveDesk.Server.Leads;

/// <summary>A possible sale, owned by one staff member. Its owner, managers and admins see it.</summary>
public sealed class Lead : IVersionedEntity
{
    public long Id { get; set; }
    public required string Title { get; set; }
    public long? ContactId { get; set; }
    public long? OrganizationId { get; set; }
    public decimal? Value { get; set; }

    /// <summary>ISO 4217, upper case.</summary>
    public string Currency { get; set; } = LeadRules.DefaultCurrency;
    public long OwnerId { get; set; }
    public DateOnly? ExpectedCloseDate { get; set; }
    public string Source { get; set; } = "";
    public LeadStage Stage { get; set; }
    public string? LostReason { get; set; }
    public DateTimeOffset? ConvertedAt { get; set; }
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }

    public LeadDto ToDto() => new(Id, Title, ContactId, OrganizationId, Value, Currency, OwnerId, ExpectedCloseDate, Source,
        Stage, LostReason, ConvertedAt, Version, CreatedAt, UpdatedAt);
}
