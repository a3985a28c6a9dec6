namespace LiveDesk.Server.Identity;

/// <summary>Claim names in LiveDesk's JWTs. Inbound claim mapping is off, so these are the names on the wire.</summary>
public static class TokenClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Email = "email";
    public const string Name = "name";

    /// <summary>The session the token was issued to; a token of an ended session is refused.</summary>
    public const string Session = "sid";
}
