namespace LiveDesk.Server.Tickets;

public static class TicketProblems
{
    public static IResult StaffOnly() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
        title: "Only staff may change tickets.");

    public static IResult StaleVersion(long current) => TypedResults.Problem(
        statusCode: StatusCodes.Status412PreconditionFailed,
        title: "The ticket has changed since you read it.",
        detail: $"If-Match did not match the current version {current}. Fetch the ticket again and retry.");

    public static IResult BadIfMatch() => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
        title: "If-Match must be a ticket version as an ETag, e.g. \"5\".");

    public static IResult Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });
}
