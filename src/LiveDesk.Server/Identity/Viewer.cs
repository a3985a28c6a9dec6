using LiveDesk.Contracts.Identity;

namespace LiveDesk.Server.Identity;

/// <summary>Who is asking: the facts every authorization decision needs, loaded once per request or connection.</summary>
public sealed record Viewer(long UserId, UserRole Role, IReadOnlySet<long> TeamIds)
{
    public bool IsStaff => Role.IsStaff();

    /// <summary>Managers and admins see every ticket and every room.</summary>
    public bool SeesEverything => Role is UserRole.Admin or UserRole.Manager;
}
