using LiveDesk.Server.Identity;
using LiveDesk.Server.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveDesk.Server.Contacts;

public sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> contact)
    {
        contact.HasIndex(c => c.TeamId);
        contact.HasIndex(c => c.Name);
        contact.Property(c => c.Name).HasMaxLength(ContactRules.MaxNameLength);
        contact.Property(c => c.Notes).HasMaxLength(ContactRules.MaxNotesLength);
        contact.Property(c => c.SearchText).HasMaxLength(ContactRules.MaxNameLength + ContactRules.MaxEmails * 255);
        contact.HasOne<Team>().WithMany().HasForeignKey(c => c.TeamId);
        contact.HasOne<User>().WithMany().HasForeignKey(c => c.OwnerId);
        contact.HasIndex(c => c.OrganizationId);
        contact.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId);
    }
}
