using System.Text.Json;
using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Notifications;
using LiveDesk.Contracts.Realtime;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Server.Infrastructure;

namespace LiveDesk.Server.Notifications;

/// <summary>Who is notified of what: one line per (event type, rule). A rule names candidates; the one place that
/// applies the common rules (<see cref="NotificationReaction"/>) drops the actor, anyone whose preferences turn the
/// type off or whose scope does not reach that far, and doubles. A new type is a constant in NotificationTypes, its
/// defaults in NotificationDefaults, and a rule here.</summary>
public static class NotificationRules
{
    public delegate Task<IEnumerable<NotificationDraft>> Rule(EventEnvelope e, NotificationFacts facts, CancellationToken ct);

    public static readonly IReadOnlyDictionary<string, Rule[]> ByEventType = new Dictionary<string, Rule[]>
    {
        [EventTypes.TicketAssigned] = [Assigned],
        [EventTypes.CommentCreated] = [Mentioned, Reply],
        [EventTypes.TicketUpdated] = [Resolved],
        [EventTypes.TicketStatusChanged] = [Resolved],
        [EventTypes.TicketCreated] = [NewInQueue],
    };

    /// <summary>ticket.assigned: the new assignee; urgent when the ticket is.</summary>
    private static async Task<IEnumerable<NotificationDraft>> Assigned(EventEnvelope e, NotificationFacts facts, CancellationToken ct)
    {
        if (Long(e.Changes, "assigneeId") is not { } assignee || await facts.TicketAsync(e.EntityId, ct) is not { } ticket)
        {
            return [];
        }
        var priority = ticket.Priority == TicketPriority.Urgent ? NotificationPriority.Urgent : NotificationPriority.Normal;
        return [new(assignee, NotificationTypes.TicketAssigned, priority,
            $"{await facts.NameAsync(e.ActorId, ct)} assigned #{ticket.Number} to you", ticket.Title, EntityNames.Ticket, ticket.Id)];
    }

    /// <summary>ticket.mentioned: everyone the comment mentions. The comment endpoint already kept only those who may
    /// read it (staff only, for an internal note).</summary>
    private static async Task<IEnumerable<NotificationDraft>> Mentioned(EventEnvelope e, NotificationFacts facts, CancellationToken ct)
    {
        if (Long(e.Changes, "ticketId") is not { } ticketId || await facts.TicketAsync(ticketId, ct) is not { } ticket)
        {
            return [];
        }
        var who = await facts.NameAsync(e.ActorId, ct);
        return Longs(e.Changes, "mentionedUserIds").Select(user => new NotificationDraft(user, NotificationTypes.TicketMentioned,
            NotificationPriority.High, $"{who} mentioned you on #{ticket.Number}", Excerpt(e.Changes), EntityNames.Ticket, ticket.Id));
    }

    /// <summary>ticket.reply, public comments only: staff replying reaches the requesting customer; the customer
    /// replying reaches the assignee (scope mine) and the ticket's team (scope teams).</summary>
    private static async Task<IEnumerable<NotificationDraft>> Reply(EventEnvelope e, NotificationFacts facts, CancellationToken ct)
    {
        if (Bool(e.Changes, "internal") || Long(e.Changes, "ticketId") is not { } ticketId
            || await facts.TicketAsync(ticketId, ct) is not { } ticket || e.ActorId is not { } author)
        {
            return [];
        }
        var title = $"{await facts.NameAsync(author, ct)} replied on #{ticket.Number}";
        NotificationDraft To(long user, string reach) =>
            new(user, NotificationTypes.TicketReply, NotificationPriority.Normal, title, Excerpt(e.Changes), EntityNames.Ticket, ticket.Id, reach);
        if (author != ticket.RequesterId)
        {
            return await facts.RoleAsync(ticket.RequesterId, ct) == UserRole.Customer ? [To(ticket.RequesterId, NotificationScopes.Mine)] : [];
        }
        var drafts = (await facts.TeamMembersAsync(ticket.TeamId, ct)).Select(member => To(member, NotificationScopes.Teams)).ToList();
        if (ticket.AssigneeId is { } assignee)
        {
            drafts.Add(To(assignee, NotificationScopes.Mine));
        }
        return drafts;
    }

    /// <summary>ticket.status: the requester, when their ticket is resolved or closed.</summary>
    private static async Task<IEnumerable<NotificationDraft>> Resolved(EventEnvelope e, NotificationFacts facts, CancellationToken ct)
    {
        var status = e.Changes.TryGetProperty("status", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        if (status is not ("resolved" or "closed") || await facts.TicketAsync(e.EntityId, ct) is not { } ticket)
        {
            return [];
        }
        return [new(ticket.RequesterId, NotificationTypes.TicketStatus, NotificationPriority.Normal,
            $"#{ticket.Number} is {status}", ticket.Title, EntityNames.Ticket, ticket.Id)];
    }

    /// <summary>queue.new_ticket (off by default): the queue's team (scope teams), or every staff member who asked for
    /// all queues (scope all).</summary>
    private static async Task<IEnumerable<NotificationDraft>> NewInQueue(EventEnvelope e, NotificationFacts facts, CancellationToken ct)
    {
        if (await facts.TicketAsync(e.EntityId, ct) is not { } ticket)
        {
            return [];
        }
        var title = $"New ticket #{ticket.Number} in {await facts.QueueNameAsync(ticket.QueueId, ct)}";
        NotificationDraft To(long user, string reach) =>
            new(user, NotificationTypes.QueueNewTicket, NotificationPriority.Low, title, ticket.Title, EntityNames.Ticket, ticket.Id, reach);
        var team = await facts.TeamMembersAsync(ticket.TeamId, ct);
        var opted = await facts.UsersWhoChangedAsync(NotificationTypes.QueueNewTicket, ct);
        return [.. team.Select(user => To(user, NotificationScopes.Teams)), .. opted.Except(team).Select(user => To(user, NotificationScopes.All))];
    }

    private static string Excerpt(JsonElement changes)
    {
        var body = changes.TryGetProperty("body", out var value) ? value.GetString() ?? "" : "";
        return body.Length <= 200 ? body : body[..199] + "…";
    }

    private static long? Long(JsonElement changes, string name) =>
        changes.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : null;

    private static bool Bool(JsonElement changes, string name) =>
        changes.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static IEnumerable<long> Longs(JsonElement changes, string name) =>
        changes.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetInt64()).ToList()
            : [];
}

/// <summary>A candidate notification. <see cref="Reach"/> is how far a user's scope must reach for it (types without a
/// scope: <c>mine</c>).</summary>
public sealed record NotificationDraft(long UserId, string Type, NotificationPriority Priority, string Title, string Body,
    string? Entity, long? EntityId, string Reach = NotificationScopes.Mine);
