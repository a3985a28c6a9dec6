using LiveDesk.Contracts.Campaigns;
using LiveDesk.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveDesk.Server.Campaigns;

/// <summary>An email campaign to a saved contact filter. Its counters are updated in the same transaction as each
/// recipient's status, so they always equal the recipient table.</summary>
public sealed class Campaign : IVersionedEntity
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public string Channel { get; set; } = "email";
    public required string Subject { get; set; }
    public required string BodyTemplate { get; set; }
    public List<string> AudienceTags { get; set; } = [];
    public long? AudienceOrganizationId { get; set; }
    public long? AudienceOwnerId { get; set; }
    public CampaignStatus Status { get; set; }

    /// <summary>When a scheduled campaign starts by itself (<see cref="CampaignScheduler"/>).</summary>
    public DateTimeOffset? ScheduledAt { get; set; }
    public int Total { get; set; }
    public int Sent { get; set; }
    public int Failed { get; set; }
    public int Bounced { get; set; }

    /// <summary>When the last campaign.progress went out, to send at most two a second.</summary>
    public DateTimeOffset? ProgressAt { get; set; }

    /// <summary>The counts changed since the last campaign.progress; one is due at the end of its interval.</summary>
    public bool ProgressPending { get; set; }
    public long Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public CampaignAudience Audience => new(AudienceTags, AudienceOrganizationId, AudienceOwnerId);

    public CampaignProgress Progress => new(Total, Total - Sent - Failed - Bounced, Sent, Failed, Bounced);

    public CampaignDto ToDto() => new(Id, Name, Channel, Subject, BodyTemplate, Audience, Status, Progress, Version, CreatedAt, UpdatedAt, ScheduledAt);
}

public sealed class CampaignRecipient
{
    public long Id { get; set; }
    public long CampaignId { get; set; }
    public long ContactId { get; set; }
    public required string Email { get; set; }
    public RecipientStatus Status { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public RecipientDto ToDto() => new(Id, ContactId, Email, Status, UpdatedAt);
}

public sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>, IEntityTypeConfiguration<CampaignRecipient>
{
    public void Configure(EntityTypeBuilder<Campaign> campaign)
    {
        campaign.HasIndex(c => c.Status);
        campaign.HasIndex(c => new { c.Status, c.ScheduledAt });
        campaign.Property(c => c.Name).HasMaxLength(CampaignRules.MaxNameLength);
        campaign.Property(c => c.Subject).HasMaxLength(CampaignRules.MaxSubjectLength);
        campaign.Property(c => c.BodyTemplate).HasMaxLength(CampaignRules.MaxBodyLength);
        campaign.Property(c => c.Channel).HasMaxLength(16);
        campaign.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        campaign.Ignore(c => c.Audience);
        campaign.Ignore(c => c.Progress);
    }

    public void Configure(EntityTypeBuilder<CampaignRecipient> recipient)
    {
        recipient.HasIndex(r => new { r.CampaignId, r.ContactId }).IsUnique();
        recipient.HasIndex(r => new { r.CampaignId, r.Status });
        recipient.Property(r => r.Email).HasMaxLength(254);
        recipient.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        recipient.HasOne<Campaign>().WithMany().HasForeignKey(r => r.CampaignId);
        recipient.HasOne<Contacts.Contact>().WithMany().HasForeignKey(r => r.ContactId);
    }
}
