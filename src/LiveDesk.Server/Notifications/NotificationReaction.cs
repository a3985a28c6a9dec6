using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Notifications;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Server.Data;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using LiveDesk.Server.Realtime.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveDesk.Server.Notifications;

/// <summary>Runs inside every write that appended events, after they have their seqs and before the commit: the
/// notifications those events cause are rows in the same transaction, and their <c>notification.created</c> events are
/// appended right after the events that caused them. A kill -9 therefore never leaves a committed change without its
/// notifications, and the unique (user, source seq, type) index makes a second one impossible.</summary>
public static class NotificationReaction
{
    public static async Task ReactAsync(WriteReaction write)
    {
        var facts = new NotificationFacts(write.Db);
        var drafts = new List<(NotificationDraft Draft, EventEnvelope Source)>();
        foreach (var envelope in write.Appended)
        {
            if (envelope.Type == EventTypes.AnnouncementCreated)
            {
                // Its notifications come in chunks after the commit; their source is this event.
                await write.Db.Announcements.Where(a => a.Id == envelope.EntityId)
                    .ExecuteUpdateAsync(a => a.SetProperty(x => x.SourceSeq, envelope.Seq), write.Ct);
            }
            if (!NotificationRules.ByEventType.TryGetValue(envelope.Type, out var rules))
            {
                continue;
            }
            foreach (var rule in rules)
            {
                foreach (var draft in await rule(envelope, facts, write.Ct))
                {
                    // Nobody is notified of their own action.
                    if (draft.UserId != envelope.ActorId)
                    {
                        drafts.Add((draft, envelope));
                    }
                }
            }
        }
        if (drafts.Count > 0)
        {
            var unreadDelay = write.Services.GetRequiredService<IOptions<LiveDeskOptions>>().Value.Email is { Enabled: true } email
                ? email.UnreadDelay : (TimeSpan?)null;
            await CreateAsync(write, drafts, unreadDelay);
        }
    }

    private static async Task CreateAsync(WriteReaction write, List<(NotificationDraft Draft, EventEnvelope Source)> drafts, TimeSpan? unreadDelay)
    {
        var db = write.Db;
        var userIds = drafts.Select(d => d.Draft.UserId).Distinct().ToList();
        var roles = await db.Users.Where(u => userIds.Contains(u.Id)).Select(u => new { u.Id, u.Role }).ToDictionaryAsync(u => u.Id, u => u.Role, write.Ct);
        var stored = await db.NotificationPreferences.AsNoTracking().Where(p => userIds.Contains(p.UserId)).ToDictionaryAsync(p => p.UserId, write.Ct);
        var created = new List<Notification>();
        var seen = new HashSet<(long User, long Seq, string Type)>();
        // The narrowest reach first, so a user who is both assignee and team member gets the "mine" one.
        foreach (var (draft, source) in drafts.OrderBy(d => d.Draft.Reach == NotificationScopes.Mine ? 0 : 1))
        {
            if (!roles.TryGetValue(draft.UserId, out var role) || !seen.Add((draft.UserId, source.Seq, draft.Type)))
            {
                continue;
            }
            var preference = NotificationDefaults.Effective(role, stored.GetValueOrDefault(draft.UserId))[draft.Type];
            if (!preference.InApp || !Reaches(preference.Scope, draft.Reach, role))
            {
                continue;
            }
            created.Add(new Notification
            {
                UserId = draft.UserId, Type = draft.Type, Priority = draft.Priority, Title = Clip(draft.Title, 300), Body = Clip(draft.Body, 2000),
                Entity = draft.Entity, EntityId = draft.EntityId, SourceSeq = source.Seq, ActorId = source.ActorId, CreatedAt = write.At,
                EmailAt = preference.Email && unreadDelay is { } delay ? write.At + delay : null, Version = 1,
            });
        }
        if (created.Count == 0)
        {
            return;
        }
        db.Notifications.AddRange(created);
        await db.SaveChangesAsync(write.Ct);
        foreach (var notification in created)
        {
            write.FollowUps.Add(NotificationEvents.Created(notification));
        }
    }

    /// <summary>Whether a user's scope covers a candidate: <c>mine</c> covers what is theirs, <c>teams</c> also their
    /// teams', <c>all</c> everything (managers and admins may see every ticket; an agent's <c>all</c> counts as teams).</summary>
    private static bool Reaches(string? scope, string reach, UserRole role) => reach switch
    {
        NotificationScopes.Mine => true,
        NotificationScopes.Teams => scope is NotificationScopes.Teams or NotificationScopes.All,
        _ => scope == NotificationScopes.All && role is UserRole.Manager or UserRole.Admin,
    };

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
