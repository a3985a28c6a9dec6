namespace LiveDesk.Tests.Infrastructure;

/// <summary>The demo users seeded into an empty database.</summary>
public static class Demo
{
    public const string Password = "demo1234";

    public const string Admin = "admin@livedesk.test";
    public const string Manager = "manager@livedesk.test";

    /// <summary>Agent in the <see cref="SupportTeam"/>.</summary>
    public const string Ana = "ana@livedesk.test";

    /// <summary>Agent in the <see cref="FieldOpsTeam"/>.</summary>
    public const string Ben = "ben@livedesk.test";

    /// <summary>A customer: sees only her own tickets and their public comments.</summary>
    public const string Carla = "carla@customer.test";

    /// <summary>Another customer: must never see Carla's data.</summary>
    public const string Dan = "dan@customer.test";

    public const string SupportTeam = "Support";
    public const string FieldOpsTeam = "Field Ops";
}
