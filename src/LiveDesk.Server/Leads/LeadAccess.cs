using LiveDesk.Server.Identity;

namespace LiveDesk.Server.Leads;

/// <summary>Who may see which lead: its owner, managers and admins; never customers. Used by REST, room joins and replay
/// alike.</summary>
public static class LeadAccess
{
    public static IQueryable<Lead> VisibleTo(this IQueryable<Lead> leads, Viewer viewer)
    {
        var live = leads.Where(l => l.DeletedAt == null);
        if (viewer.SeesEverything)
        {
            return live;
        }
        var userId = viewer.UserId;
        return viewer.IsStaff ? live.Where(l => l.OwnerId == userId) : live.Where(_ => false);
    }

    public static bool CanView(this Viewer viewer, Lead lead) =>
        lead.DeletedAt is null && viewer.IsStaff && (viewer.SeesEverything || lead.OwnerId == viewer.UserId);
}
