using LiveDesk.Contracts.Campaigns;
using LiveDesk.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Campaigns;

/// <summary>The contacts a saved filter matches now: not deleted, with an email address (the first is used), with any
/// of the tags (no tags: any contact), in the organization and owned by the owner when those are given.</summary>
public static class CampaignAudienceQuery
{
    public static async Task<List<AudienceMember>> ResolveAsync(LiveDeskDb db, CampaignAudience audience, CancellationToken ct)
    {
        var contacts = db.Contacts.AsNoTracking().Where(c => c.DeletedAt == null);
        if (audience.Tags is { Count: > 0 } tags)
        {
            var wanted = tags.ToList();
            contacts = contacts.Where(c => c.Tags.Any(t => wanted.Contains(t)));
        }
        if (audience.OrganizationId is { } organizationId)
        {
            contacts = contacts.Where(c => c.OrganizationId == organizationId);
        }
        if (audience.OwnerId is { } ownerId)
        {
            contacts = contacts.Where(c => c.OwnerId == ownerId);
        }
        var rows = await contacts.OrderBy(c => c.Id).Select(c => new { c.Id, c.Name, c.Emails }).ToListAsync(ct);
        return rows.Where(r => r.Emails.Count > 0).Select(r => new AudienceMember(r.Id, r.Name, r.Emails[0])).ToList();
    }
}
