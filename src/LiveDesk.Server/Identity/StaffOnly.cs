namespace LiveDesk.Server.Identity;

/// <summary>The gate of the staff-only APIs (contacts, organizations, leads): no token is a 401, a customer a 403
/// with what the API is for.</summary>
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
}
