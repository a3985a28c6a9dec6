using LiveDesk.Server.Contacts;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveDesk.Server.Leads;

public sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> lead)
    {
        lead.HasIndex(l => new { l.OwnerId, l.Stage });
        lead.HasIndex(l => l.Stage);
        lead.Property(l => l.Title).HasMaxLength(LeadRules.MaxTitleLength);
        lead.Property(l => l.Source).HasMaxLength(LeadRules.MaxSourceLength);
        lead.Property(l => l.LostReason).HasMaxLength(LeadRules.MaxLostReasonLength);
        lead.Property(l => l.Currency).HasMaxLength(3);
        lead.Property(l => l.Stage).HasConversion<string>().HasMaxLength(16);
        // Exact money: 18 digits with 2 decimals on PostgreSQL; SQLite keeps decimals as text, which EF compares exactly.
        lead.Property(l => l.Value).HasPrecision(18, 2);
        lead.HasOne<User>().WithMany().HasForeignKey(l => l.OwnerId);
        lead.HasOne<Contact>().WithMany().HasForeignKey(l => l.ContactId);
        lead.HasOne<Organization>().WithMany().HasForeignKey(l => l.OrganizationId);
    }
}
