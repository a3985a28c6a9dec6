using LiveDesk.Server.Comments;
using LiveDesk.Server.Campaigns;
using LiveDesk.Server.Contacts;
using LiveDesk.Server.Conversations;
using LiveDesk.Server.Email;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Leads;
using LiveDesk.Server.Organizations;
using LiveDesk.Server.Realtime.EventLog;
using LiveDesk.Server.Tickets;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Data;

/// <summary>The one DbContext. Each provider has a subclass only so that it can own its migrations.</summary>
public abstract class LiveDeskDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<TeamMember> TeamMembers => Set<TeamMember>();
    public DbSet<Queue> Queues => Set<Queue>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<Comment> Comments => Set<Comment>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Lead> Leads => Set<Lead>();
    public DbSet<Conversation> Conversations => Set<Conversation>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();
    public DbSet<Notifications.NotificationPreference> NotificationPreferences => Set<Notifications.NotificationPreference>();
    public DbSet<Notifications.Announcement> Announcements => Set<Notifications.Announcement>();
    public DbSet<Notifications.NotificationDigest> NotificationDigests => Set<Notifications.NotificationDigest>();
    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<Administration.AuditEntry> AuditEntries => Set<Administration.AuditEntry>();
    public DbSet<Flags.FeatureFlag> FeatureFlags => Set<Flags.FeatureFlag>();
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();
    public DbSet<CampaignRecipient> CampaignRecipients => Set<CampaignRecipient>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<EventRecord> Events => Set<EventRecord>();
    public DbSet<EventRoom> EventRooms => Set<EventRoom>();
    public DbSet<LogState> LogState => Set<LogState>();

    /// <summary>Derived search columns are set here, once, for every write path.</summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        foreach (var entry in ChangeTracker.Entries<Contact>())
        {
            if (entry.State is EntityState.Added or EntityState.Modified)
            {
                var text = entry.Entity.ComputeSearchText();
                if (entry.Entity.SearchText != text)
                {
                    entry.Entity.SearchText = text;
                }
            }
        }
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<User>(user =>
        {
            user.HasIndex(u => u.Email).IsUnique();
            user.Property(u => u.Email).HasMaxLength(254);
            user.Property(u => u.DisplayName).HasMaxLength(200);
            user.Property(u => u.InvitationHash).HasMaxLength(64);
            user.HasIndex(u => u.InvitationHash).IsUnique();
            user.Property(u => u.Role).HasConversion<string>().HasMaxLength(16);
            user.HasMany(u => u.Teams).WithOne().HasForeignKey(m => m.UserId);
            user.HasOne<Contact>().WithMany().HasForeignKey(u => u.ContactId);
        });
        model.Entity<Team>(team =>
        {
            team.Property(t => t.Name).HasMaxLength(200);
            team.HasMany(t => t.Members).WithOne().HasForeignKey(m => m.TeamId);
        });
        model.Entity<TeamMember>().HasKey(m => new { m.TeamId, m.UserId });
        model.Entity<Flags.FeatureFlag>(flag =>
        {
            flag.HasIndex(f => f.Entity).IsUnique();
            flag.Property(f => f.Entity).HasMaxLength(64);
            flag.Property(f => f.Mode).HasConversion<string>().HasMaxLength(16);
        });
        model.Entity<Administration.AuditEntry>(audit =>
        {
            audit.Property(a => a.Action).HasMaxLength(64);
            audit.Property(a => a.TargetType).HasMaxLength(32);
            audit.Property(a => a.Summary).HasMaxLength(1000);
            audit.HasIndex(a => new { a.TargetType, a.TargetId });
        });
        model.Entity<Queue>(queue =>
        {
            queue.Property(q => q.Name).HasMaxLength(200);
            queue.HasOne<Team>().WithMany().HasForeignKey(q => q.TeamId);
        });
        model.Entity<Ticket>(ticket =>
        {
            ticket.HasIndex(t => t.Number).IsUnique();
            ticket.HasIndex(t => new { t.TeamId, t.Status });
            ticket.HasIndex(t => t.AssigneeId);
            ticket.HasIndex(t => t.RequesterId);
            ticket.HasIndex(t => t.ContactId);
            ticket.HasOne<Contact>().WithMany().HasForeignKey(t => t.ContactId);
            ticket.Property(t => t.Title).HasMaxLength(TicketRules.MaxTitleLength);
            ticket.Property(t => t.Description).HasMaxLength(TicketRules.MaxDescriptionLength);
            ticket.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
            ticket.Property(t => t.Priority).HasConversion<string>().HasMaxLength(16);
            ticket.HasOne<Queue>().WithMany().HasForeignKey(t => t.QueueId);
        });
        model.Entity<Comment>(comment =>
        {
            comment.HasIndex(c => c.TicketId);
            comment.Property(c => c.Body).HasMaxLength(TicketRules.MaxCommentLength);
            comment.HasOne<Ticket>().WithMany().HasForeignKey(c => c.TicketId);
        });
        model.ApplyConfiguration(new ContactConfiguration());
        model.ApplyConfiguration(new OrganizationConfiguration());
        model.ApplyConfiguration(new LeadConfiguration());
        model.ApplyConfiguration<Conversation>(new ConversationConfiguration());
        model.ApplyConfiguration<Message>(new ConversationConfiguration());
        model.ApplyConfiguration<Campaign>(new CampaignConfiguration());
        model.ApplyConfiguration<CampaignRecipient>(new CampaignConfiguration());
        model.ApplyConfiguration(new OutboxMessageConfiguration());
        model.ApplyConfiguration(new Notifications.NotificationConfiguration());
        model.ApplyConfiguration(new Notifications.NotificationPreferenceConfiguration());
        model.ApplyConfiguration(new Notifications.AnnouncementConfiguration());
        model.ApplyConfiguration(new Notifications.NotificationDigestConfiguration());
        model.ApplyConfiguration<Session>(new SessionConfiguration());
        model.ApplyConfiguration<RefreshToken>(new SessionConfiguration());
        model.Entity<EventRecord>(record =>
        {
            record.HasKey(e => e.Seq);
            record.Property(e => e.Seq).ValueGeneratedNever();
            record.Property(e => e.Type).HasMaxLength(64);
            record.Property(e => e.Entity).HasMaxLength(32);
            record.HasIndex(e => e.At);
            record.HasMany(e => e.Rooms).WithOne().HasForeignKey(r => r.Seq).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<EventRoom>(room =>
        {
            room.HasKey(r => new { r.Room, r.Seq });
            room.HasIndex(r => r.Seq);
            room.Property(r => r.Room).HasMaxLength(64);
        });
        model.Entity<LogState>(state =>
        {
            state.Property(s => s.Id).ValueGeneratedNever();
            state.Property(s => s.Epoch).HasMaxLength(64);
        });
    }
}
