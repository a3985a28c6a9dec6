using LiveDesk.Server.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveDesk.Server.Organizations;

public sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> organization)
    {
        organization.HasIndex(o => o.TeamId);
        organization.HasIndex(o => o.Name);
        organization.HasIndex(o => o.Domain);
        organization.Property(o => o.Name).HasMaxLength(OrganizationRules.MaxNameLength);
        organization.Property(o => o.Domain).HasMaxLength(OrganizationRules.MaxDomainLength);
        organization.Property(o => o.Notes).HasMaxLength(OrganizationRules.MaxNotesLength);
        organization.HasOne<Team>().WithMany().HasForeignKey(o => o.TeamId);
    }
}
