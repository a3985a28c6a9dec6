namespace LiveDesk.Server.Identity;

/// <summary>The gates of the APIs that are for some roles only: no token (or a deactivated user) is a 401, anyone else
/// a 403 whose title says who the API is for.</summary>
public static class StaffOnly
{
    public readonly record struct Check(Viewer? Viewer, IResult? Refusal);

    public static async Task<Check> RequireStaffAsync(this HttpContext http, string refusal)
    {
        var viewer = await http.GetViewerAsync();
        if (viewer is null)
        {
            return new Check(null, TypedResults.Unauthorized());
        }
        return viewer.IsStaff
            ? new Check(viewer, null)
            : new Check(null, TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: refusal));
    }

    /// <summary>Admins only, such as "Announcements are for admins.".</summary>
    public static Task<Check> RequireAdminAsync(this HttpContext http, string refusal) =>
        http.RequireRoleAsync(viewer => viewer.Role == Contracts.Identity.UserRole.Admin, refusal);

    /// <summary>Managers and admins, such as "Campaigns are for managers and admins.".</summary>
    public static Task<Check> RequireManagerAsync(this HttpContext http, string refusal) =>
        http.RequireRoleAsync(viewer => viewer.SeesEverything, refusal);

    public static async Task<Check> RequireRoleAsync(this HttpContext http, Func<Viewer, bool> allowed, string refusal) =>
        await http.GetViewerAsync() switch
        {
            null => new Check(null, TypedResults.Unauthorized()),
            { } viewer when allowed(viewer) => new Check(viewer, null),
            _ => new Check(null, TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: refusal)),
        };
}
