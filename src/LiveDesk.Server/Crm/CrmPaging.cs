namespace LiveDesk.Server.Crm;

/// <summary>The list parameters every CRM list shares (<c>limit</c>, <c>before</c>, <c>q</c>): keyset paging by id,
/// newest first, so a page never shifts while new records arrive.</summary>
public static class CrmPaging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int MaxSearchLength = 100;

    /// <summary>Counts stop here: counting every row of a large table on every page costs more than the page itself
    /// (S6 in docs/performance.md), and "10,000+" is all a screen needs.</summary>
    public const int MaxCount = 10_000;

    /// <summary>The page size, or errors naming <c>limit</c> and <c>q</c> when they are out of range.</summary>
    public static (int PageSize, Dictionary<string, string[]> Errors) Check(int? limit, string? q)
    {
        var errors = new Dictionary<string, string[]>();
        var pageSize = limit ?? DefaultPageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxPageSize}."];
        }
        if (q is { Length: > MaxSearchLength })
        {
            errors["q"] = [$"q is at most {MaxSearchLength} characters."];
        }
        return (pageSize, errors);
    }

    /// <summary>The search text as stored values are compared: trimmed and lowercased; null when there is none.</summary>
    public static string? SearchText(string? q) => string.IsNullOrWhiteSpace(q) ? null : q.Trim().ToLowerInvariant();
}
