using LiveDesk.Server.Contacts;
using LiveDesk.Server.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LiveDesk.Server.Conversations;

public sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>, IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Conversation> conversation)
    {
        conversation.HasIndex(c => new { c.TeamId, c.Archived, c.Status });
        conversation.HasIndex(c => c.CustomerId);
        conversation.HasIndex(c => c.AssigneeId);
        conversation.HasIndex(c => c.ContactId);
        conversation.Property(c => c.Subject).HasMaxLength(ConversationRules.MaxSubjectLength);
        conversation.Property(c => c.Channel).HasConversion<string>().HasMaxLength(16);
        conversation.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
        conversation.HasOne<User>().WithMany().HasForeignKey(c => c.CustomerId);
        conversation.HasOne<User>().WithMany().HasForeignKey(c => c.AssigneeId);
        conversation.HasOne<Team>().WithMany().HasForeignKey(c => c.TeamId);
        conversation.HasOne<Contact>().WithMany().HasForeignKey(c => c.ContactId);
    }

    public void Configure(EntityTypeBuilder<Message> message)
    {
        message.HasIndex(m => new { m.ConversationId, m.Id });
        message.Property(m => m.Body).HasMaxLength(ConversationRules.MaxBodyLength);
        message.Property(m => m.Direction).HasConversion<string>().HasMaxLength(8);
        message.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId);
        message.HasOne<User>().WithMany().HasForeignKey(m => m.AuthorId);
    }
}
