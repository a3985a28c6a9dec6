using LiveDesk.Contracts.Contacts;
using LiveDesk.Server.Campaigns;
using LiveDesk.Server.Conversations;
using LiveDesk.Server.Crm;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Leads;
using LiveDesk.Server.Tickets;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Contacts;

/// <summary>What a contact, or an organization's contacts, have to do with the desk, newest first: their tickets,
/// conversations and leads, and the campaign mail sent to them, each only as far as the caller may see it (the same
/// rules as each list).</summary>
public static class ContactTimeline
{
    public const int Limit = 100;

    public static async Task<IResult> GetAsync(HttpContext http, long id, LiveDeskDb db)
    {
        var staff = await http.RequireStaffAsync("Contacts are for staff.");
        if (staff.Viewer is not { } viewer)
        {
            return staff.Refusal!;
        }
        if (!await db.Contacts.VisibleTo(viewer).AnyAsync(c => c.Id == id, http.RequestAborted))
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(await BuildAsync(db, viewer, db.Contacts.Where(c => c.Id == id).Select(c => c.Id), organizationId: null,
            http.RequestAborted));
    }

    /// <summary>The timeline of <paramref name="contacts"/>, plus the leads of <paramref name="organizationId"/> that
    /// name no contact of it.</summary>
    public static async Task<List<ContactTimelineItem>> BuildAsync(LiveDeskDb db, Viewer viewer, IQueryable<long> contacts,
        long? organizationId, CancellationToken ct)
    {
        var items = new List<ContactTimelineItem>();
        items.AddRange((await db.Tickets.AsNoTracking().VisibleTo(viewer).Where(t => t.ContactId != null && contacts.Contains(t.ContactId.Value))
                .OrderByDescending(t => t.Id).Take(Limit).ToListAsync(ct))
            .Select(t => new ContactTimelineItem("ticket", t.Id, $"#{t.Number} {t.Title}", WireNames.Of(t.Status), t.UpdatedAt, t.ContactId)));
        items.AddRange((await db.Conversations.AsNoTracking().VisibleTo(viewer).Where(c => c.ContactId != null && contacts.Contains(c.ContactId.Value))
                .OrderByDescending(c => c.Id).Take(Limit).ToListAsync(ct))
            .Select(c => new ContactTimelineItem("conversation", c.Id, c.Subject.Length > 0 ? c.Subject : "(no subject)",
                c.Archived ? "archived" : WireNames.Of(c.Status), c.LastMessageAt, c.ContactId)));
        items.AddRange((await db.Leads.AsNoTracking().VisibleTo(viewer)
                .Where(l => (l.ContactId != null && contacts.Contains(l.ContactId.Value)) || (organizationId != null && l.OrganizationId == organizationId))
                .OrderByDescending(l => l.Id).Take(Limit).ToListAsync(ct))
            .Select(l => new ContactTimelineItem("lead", l.Id, l.Title, WireNames.Of(l.Stage), l.UpdatedAt, l.ContactId)));
        if (viewer.SeesEverything)
        {
            var mails = await db.CampaignRecipients.AsNoTracking().Where(r => contacts.Contains(r.ContactId))
                .Join(db.Campaigns, r => r.CampaignId, c => c.Id, (r, c) => new { c.Id, c.Name, r.Status, r.UpdatedAt, r.ContactId })
                .OrderByDescending(m => m.UpdatedAt).Take(Limit).ToListAsync(ct);
            items.AddRange(mails.Select(m => new ContactTimelineItem("campaign_mail", m.Id, m.Name, WireNames.Of(m.Status), m.UpdatedAt, m.ContactId)));
        }
        return items.OrderByDescending(i => i.At).Take(Limit).ToList();
    }
}
