using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Notifications;
using LiveDesk.Server.Data;
using LiveDesk.Server.Tickets;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Notifications;

/// <summary>What the rules look up, read once per write inside its transaction (so they see the write's own rows).</summary>
public sealed class NotificationFacts(LiveDeskDb db)
{
    private readonly Dictionary<long, Ticket?> _tickets = [];
    private readonly Dictionary<long, (string Name, UserRole Role)?> _users = [];
    private readonly Dictionary<long, List<long>> _teams = [];

    public async Task<Ticket?> TicketAsync(long id, CancellationToken ct)
    {
        if (!_tickets.TryGetValue(id, out var ticket))
        {
            ticket = await db.Tickets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id && t.DeletedAt == null, ct);
            _tickets[id] = ticket;
        }
        return ticket;
    }

    public async Task<string> NameAsync(long? userId, CancellationToken ct) =>
        userId is { } id && await UserAsync(id, ct) is { } user ? user.Name : "Someone";

    public async Task<UserRole?> RoleAsync(long userId, CancellationToken ct) => (await UserAsync(userId, ct))?.Role;

    /// <summary>The team's members (staff; customers are never in teams).</summary>
    public async Task<List<long>> TeamMembersAsync(long teamId, CancellationToken ct)
    {
        if (!_teams.TryGetValue(teamId, out var members))
        {
            members = await db.TeamMembers.Where(m => m.TeamId == teamId).Select(m => m.UserId).ToListAsync(ct);
            _teams[teamId] = members;
        }
        return members;
    }

    public async Task<string> QueueNameAsync(long queueId, CancellationToken ct) =>
        await db.Queues.Where(q => q.Id == queueId).Select(q => q.Name).SingleOrDefaultAsync(ct) ?? "a queue";

    /// <summary>Users who changed a type's preference: for a type that is off by default, the only ones it can reach
    /// beyond a team, found without reading everyone's preferences.</summary>
    public Task<List<long>> UsersWhoChangedAsync(string type, CancellationToken ct)
    {
        var quoted = $"\"{type}\"";
        return db.NotificationPreferences.Where(p => p.TypesJson.Contains(quoted)).Select(p => p.UserId).ToListAsync(ct);
    }

    private async Task<(string Name, UserRole Role)?> UserAsync(long id, CancellationToken ct)
    {
        if (!_users.TryGetValue(id, out var user))
        {
            var row = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.DisplayName, u.Role }).SingleOrDefaultAsync(ct);
            user = row is null ? null : (row.DisplayName, row.Role);
            _users[id] = user;
        }
        return user;
    }
}
