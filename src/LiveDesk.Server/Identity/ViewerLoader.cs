using System.Security.Claims;
using LiveDesk.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Identity;

/// <summary>Turns an authenticated principal into a <see cref="Viewer"/>. Role and teams come from the database, not
/// from the token, so a changed membership applies at the next request or connection. A deactivated user is no viewer
/// at all.</summary>
public sealed class ViewerLoader(LiveDeskDb db)
{
    public async Task<Viewer?> LoadAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        return long.TryParse(principal.FindFirstValue(TokenClaims.Subject), out var userId) ? await LoadAsync(userId, ct) : null;
    }

    public async Task<Viewer?> LoadAsync(long userId, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == userId && u.DeactivatedAt == null)
            .Select(u => new { u.Id, u.Role, Teams = u.Teams.Select(t => t.TeamId).ToList() })
            .SingleOrDefaultAsync(ct);
        return user is null ? null : new Viewer(user.Id, user.Role, user.Teams.ToHashSet());
    }

    public async Task<List<Viewer>> LoadByEmailsAsync(IReadOnlyList<string> emails, CancellationToken ct)
    {
        if (emails.Count == 0)
        {
            return [];
        }
        var users = await db.Users.AsNoTracking()
            .Where(u => emails.Contains(u.Email) && u.DeactivatedAt == null)
            .Select(u => new { u.Id, u.Role, Teams = u.Teams.Select(t => t.TeamId).ToList() })
            .ToListAsync(ct);
        return users.Select(u => new Viewer(u.Id, u.Role, u.Teams.ToHashSet())).ToList();
    }
}

public static class ViewerHttpContextExtensions
{
    private static readonly object ViewerKey = new();

    /// <summary>The caller as a <see cref="Viewer"/>, cached for the request.</summary>
    public static async Task<Viewer?> GetViewerAsync(this HttpContext http)
    {
        if (http.Items.TryGetValue(ViewerKey, out var cached))
        {
            return (Viewer?)cached;
        }
        var viewer = await http.RequestServices.GetRequiredService<ViewerLoader>().LoadAsync(http.User, http.RequestAborted);
        http.Items[ViewerKey] = viewer;
        return viewer;
    }
}
