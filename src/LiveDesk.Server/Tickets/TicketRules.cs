namespace LiveDesk.Server.Tickets;

public static class TicketRules
{
    public const int MaxTitleLength = 200;
    public const int MaxDescriptionLength = 20_000;
    public const int MaxCommentLength = 20_000;
    public const int MaxSearchLength = 200;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
}
