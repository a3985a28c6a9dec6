using LiveDesk.Server.Contacts;

namespace LiveDesk.Bench.Infrastructure;

/// <summary>Bulk contacts straight into the database (with their search index, through the context's own save hook):
/// S6 lists and searches them, S8 mails them.</summary>
public static class ContactSeeder
{
    private static readonly string[] FirstNames =
        ["ada", "grace", "alan", "edsger", "barbara", "donald", "margaret", "linus", "radia", "ken", "dennis", "frances",
         "john", "katherine", "tim", "vint", "hedy", "claude", "niklaus", "leslie"];

    public static IReadOnlyList<string> Names => FirstNames;

    public static async Task SeedAsync(LiveDeskTarget target, int n, long teamId, long ownerId, IReadOnlyList<string> tags,
        CancellationToken ct)
    {
        for (var start = 0; start < n; start += 5_000)
        {
            await using var db = target.OpenDb();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var now = DateTimeOffset.UtcNow;
            db.Contacts.AddRange(Enumerable.Range(start, Math.Min(5_000, n - start)).Select(i => new Contact
            {
                Name = $"{Capital(FirstNames[i % FirstNames.Length])} Sample{i}",
                Emails = [$"{FirstNames[i % FirstNames.Length]}.sample{i}@example{i % 100}.test"],
                Tags = [.. tags],
                TeamId = teamId, OwnerId = ownerId, Version = 1, CreatedAt = now, UpdatedAt = now,
            }));
            await db.SaveChangesAsync(ct);
        }
    }

    private static string Capital(string word) => char.ToUpperInvariant(word[0]) + word[1..];
}
