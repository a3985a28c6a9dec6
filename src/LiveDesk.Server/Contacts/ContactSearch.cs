using System.Text.RegularExpressions;
using LiveDesk.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace LiveDesk.Server.Contacts;

/// <summary>Contact search with the database's own text search, over <see cref="Contact.SearchText"/> (name and
/// addresses). SQLite: the FTS5 index, matching words that start with each word of the query ("gra navy" finds
/// grace@navy.example). PostgreSQL: a trigram-indexed substring match ("race" finds Grace too).</summary>
public static partial class ContactSearch
{
    private const int MaxWords = 8;

    /// <summary>The contacts matching <paramref name="text"/>, to compose further (access, paging) like any query.</summary>
    public static IQueryable<Contact> Matching(LiveDeskDb db, string text)
    {
        if (db.Database.IsSqlite())
        {
            var words = WordSeparators().Split(text).Where(w => w.Length > 0).Take(MaxWords).ToList();
            if (words.Count == 0)
            {
                return db.Contacts.Where(_ => false);
            }
            // Each word quoted (so FTS5 syntax in the input is only text) and a prefix; all must match.
            var match = string.Join(' ', words.Select(w => $"\"{w.Replace("\"", "\"\"", StringComparison.Ordinal)}\"*"));
            return db.Contacts.FromSql($"SELECT * FROM Contacts WHERE Id IN (SELECT rowid FROM ContactsFts WHERE ContactsFts MATCH {match})");
        }
        var pattern = "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal) + "%";
        return db.Contacts.Where(c => EF.Functions.Like(c.SearchText, pattern, "\\"));
    }

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex WordSeparators();
}
