using LiveDesk.Server.Identity;

namespace LiveDesk.Server.Conversations;

/// <summary>Who may see which conversation: its customer; staff of its team and its assignee; managers and admins.
/// Another customer's conversation is a 404, exactly like one that does not exist. Used by REST, joins and replay.</summary>
public static class ConversationAccess
{
    public static IQueryable<Conversation> VisibleTo(this IQueryable<Conversation> conversations, Viewer viewer)
    {
        if (viewer.SeesEverything)
        {
            return conversations;
        }
        var userId = viewer.UserId;
        if (!viewer.IsStaff)
        {
            return conversations.Where(c => c.CustomerId == userId);
        }
        var teamIds = viewer.TeamIds.ToList();
        return conversations.Where(c => teamIds.Contains(c.TeamId) || c.AssigneeId == userId);
    }

    public static bool CanView(this Viewer viewer, Conversation conversation) =>
        viewer.SeesEverything
        || (viewer.IsStaff
            ? viewer.TeamIds.Contains(conversation.TeamId) || conversation.AssigneeId == viewer.UserId
            : conversation.CustomerId == viewer.UserId);
}
