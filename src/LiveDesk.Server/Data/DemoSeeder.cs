using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Server.Contacts;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Tickets;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Data;

/// <summary>Demo data for a first run. The password applies to these seeded demo accounts only.</summary>
public sealed partial class DemoSeeder(LiveDeskDb db, IPasswordHasher<User> hasher, TimeProvider time, ILogger<DemoSeeder> logger)
{
    public const string DemoPassword = "demo1234";

    private static readonly string[] Subjects =
    [
        "Cannot log in to the portal", "Invoice shows the wrong amount", "Printer on floor 3 is offline",
        "Request for a new laptop", "Email bounces from a partner", "Site visit: broken air conditioning",
        "VPN disconnects every hour", "Delivery arrived damaged", "Password reset link expired",
        "Field sensor reports no data", "Upgrade request for the premium plan", "Refund not received",
    ];

    public async Task SeedIfEmptyAsync(CancellationToken ct)
    {
        if (await db.Users.AnyAsync(ct))
        {
            return;
        }
        var now = time.GetUtcNow();
        var support = new Team { Name = "Support" };
        var fieldOps = new Team { Name = "Field Ops" };
        db.Teams.AddRange(support, fieldOps);
        await db.SaveChangesAsync(ct);

        var admin = NewUser("admin@livedesk.test", "Avery Admin", UserRole.Admin, now);
        var manager = NewUser("manager@livedesk.test", "Morgan Manager", UserRole.Manager, now);
        var ana = NewUser("ana@livedesk.test", "Ana Agent", UserRole.Agent, now, support);
        var ben = NewUser("ben@livedesk.test", "Ben Field", UserRole.Agent, now, fieldOps);
        var carla = NewUser("carla@customer.test", "Carla Customer", UserRole.Customer, now);
        var dan = NewUser("dan@customer.test", "Dan Customer", UserRole.Customer, now);
        db.Users.AddRange(admin, manager, ana, ben, carla, dan);
        await db.SaveChangesAsync(ct);

        // The customers as the CRM knows them: their tickets are their contacts' tickets.
        var carlaContact = NewContact("Carla Customer", carla.Email, support, manager, now);
        var danContact = NewContact("Dan Customer", dan.Email, support, manager, now);
        db.Contacts.AddRange(carlaContact, danContact);
        await db.SaveChangesAsync(ct);
        carla.ContactId = carlaContact.Id;
        dan.ContactId = danContact.Id;

        var supportQueue = new Queue { Name = "Support", TeamId = support.Id };
        var fieldQueue = new Queue { Name = "Field Ops", TeamId = fieldOps.Id };
        db.Queues.AddRange(supportQueue, fieldQueue);
        await db.SaveChangesAsync(ct);

        var queues = new[] { supportQueue, fieldQueue };
        var statuses = Enum.GetValues<TicketStatus>();
        var priorities = Enum.GetValues<TicketPriority>();
        for (var i = 0; i < 36; i++)
        {
            var queue = queues[i % 2];
            long? assignee = (i % 3) switch { 0 => null, 1 => queue == supportQueue ? ana.Id : ben.Id, _ => manager.Id };
            db.Tickets.Add(new Ticket
            {
                Number = 1001 + i,
                Title = Subjects[i % Subjects.Length],
                Description = $"Demo ticket {i + 1}.",
                Status = assignee is null ? TicketStatus.New : statuses[1 + i % (statuses.Length - 1)],
                Priority = priorities[i % priorities.Length],
                QueueId = queue.Id,
                TeamId = queue.TeamId,
                AssigneeId = assignee,
                RequesterId = i % 4 == 0 ? carla.Id : i % 4 == 1 ? dan.Id : manager.Id,
                ContactId = i % 4 == 0 ? carlaContact.Id : i % 4 == 1 ? danContact.Id : null,
                Version = 1,
                CreatedAt = now.AddMinutes(-36 + i),
                UpdatedAt = now.AddMinutes(-36 + i),
            });
        }
        await db.SaveChangesAsync(ct);
        await CrmDemoSeeder.SeedAsync(db, new CrmDemoSeeder.People(manager, ana, ben, support, fieldOps, carlaContact, danContact), now, ct);
        LogSeeded(DemoPassword);
    }

    private static Contact NewContact(string name, string email, Team team, User owner, DateTimeOffset now) => new()
    {
        Name = name, Emails = [email], TeamId = team.Id, OwnerId = owner.Id, Version = 1, CreatedAt = now, UpdatedAt = now,
    };

    private User NewUser(string email, string name, UserRole role, DateTimeOffset now, Team? team = null)
    {
        var user = new User { Email = email, DisplayName = name, Role = role, CreatedAt = now };
        user.PasswordHash = hasher.HashPassword(user, DemoPassword);
        if (team is not null)
        {
            user.Teams.Add(new TeamMember { TeamId = team.Id });
        }
        return user;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seeded demo data into an empty database. Demo accounts use the password '{Password}'; do not use them in production.")]
    private partial void LogSeeded(string password);
}
