using LiveDesk.Server.Identity;

namespace LiveDesk.Server.Contacts;

/// <summary>Who may see which contact: staff of its team, managers and admins; never customers. Used by REST, room
/// joins and replay alike.</summary>
public static class ContactAccess
{
    public static IQueryable<Contact> VisibleTo(this IQueryable<Contact> contacts, Viewer viewer)
    {
        var live = contacts.Where(c => c.DeletedAt == null);
        if (viewer.SeesEverything)
        {
            return live;
        }
        if (!viewer.IsStaff)
        {
            return live.Where(_ => false);
        }
        var teamIds = viewer.TeamIds.ToList();
        return live.Where(c => teamIds.Contains(c.TeamId));
    }

    public static bool CanView(this Viewer viewer, Contact contact) =>
        contact.DeletedAt is null && viewer.IsStaff && (viewer.SeesEverything || viewer.TeamIds.Contains(contact.TeamId));
}
