using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Notifications;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Notifications;

/// <summary>What an announcement may say and whom it may address.</summary>
public static class AnnouncementRules
{
    public const int MaxTitleLength = 200;
    public const int MaxBodyLength = 2000;

    public static async Task<Dictionary<string, string[]>> ValidateAsync(CreateAnnouncementRequest request, LiveDeskDb db, DateTimeOffset now,
        CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Title) || request.Title.Length > MaxTitleLength)
        {
            errors["title"] = [$"title must be 1 to {MaxTitleLength} characters."];
        }
        if (request.Body is { Length: > MaxBodyLength })
        {
            errors["body"] = [$"body is at most {MaxBodyLength} characters."];
        }
        if (request.Priority is null)
        {
            errors["priority"] = ["priority is required: low, normal, high or urgent."];
        }
        if (request.ExpiresAt is { } expires && expires <= now)
        {
            errors["expiresAt"] = ["expiresAt must be in the future (or left out)."];
        }
        if (!await IsValidAudienceAsync(request.Audience, db, ct))
        {
            errors["audience"] = ["audience must be all, role:{agent|manager|admin|customer} or team:{id} of an existing team."];
        }
        return errors;
    }

    /// <summary>The audience's users, in id order, after <paramref name="afterId"/>.</summary>
    public static IQueryable<User> Members(LiveDeskDb db, string audience, long afterId)
    {
        var users = db.Users.AsNoTracking().Where(u => u.Id > afterId);
        if (audience.StartsWith("role:", StringComparison.Ordinal) && Enum.TryParse<UserRole>(audience[5..], ignoreCase: true, out var role))
        {
            users = users.Where(u => u.Role == role);
        }
        else if (audience.StartsWith("team:", StringComparison.Ordinal) && long.TryParse(audience[5..], out var teamId))
        {
            users = users.Where(u => db.TeamMembers.Any(m => m.TeamId == teamId && m.UserId == u.Id));
        }
        return users.OrderBy(u => u.Id);
    }

    private static async Task<bool> IsValidAudienceAsync(string? audience, LiveDeskDb db, CancellationToken ct) => audience switch
    {
        "all" => true,
        { } a when a.StartsWith("role:", StringComparison.Ordinal) => a[5..] is "agent" or "manager" or "admin" or "customer",
        { } a when a.StartsWith("team:", StringComparison.Ordinal) => long.TryParse(a[5..], out var id) && await db.Teams.AnyAsync(t => t.Id == id, ct),
        _ => false,
    };
}
