using LiveDesk.Client;
using LiveDesk.Contracts.Contacts;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Crm;

/// <summary>Contact search uses the database's own text search: SQLite's FTS5 index (kept current by triggers) and
/// PostgreSQL's trigram index. Each test uses a word unique to it, so other tests' contacts cannot interfere.</summary>
public sealed class ContactSearchTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task OnSqliteWordPrefixesOfNamesAndAddressesFindContactsAndRenamesAndDeletesAreFollowed()
    {
        var manager = await fixture.Server.LoginAsync(Demo.Manager);
        var team = await manager.TeamIdAsync(Demo.SupportTeam);
        var word = $"zq{Guid.NewGuid():N}"[..10];
        var grace = await manager.CreateContactAsync(new CreateContactRequest($"Grace {word}", [$"grace@{word}.example"], null, team, null, null, null));
        var graham = await manager.CreateContactAsync(new CreateContactRequest($"Graham {word}", [$"bell@{word}.example"], null, team, null, null, null));

        Assert.Equal([graham.Id, grace.Id], await IdsAsync(manager, $"gra {word}"));
        Assert.Equal([grace.Id], await IdsAsync(manager, $"grace@{word}.example"));
        Assert.Equal([graham.Id], await IdsAsync(manager, $"BELL {word[..6]}"));
        Assert.Empty(await IdsAsync(manager, "\"*) OR ("));

        var renamed = await manager.UpdateContactAsync(grace.Id, new UpdateContactRequest(Name: $"Grace Brewster {word}"), grace.Version);
        Assert.Equal([grace.Id], await IdsAsync(manager, $"brewster {word}"));
        await manager.DeleteContactAsync(renamed.Id);
        Assert.Equal([graham.Id], await IdsAsync(manager, word));
    }

    [Fact]
    public async Task OnPostgreSqlAnyPartOfANameOrAddressFindsTheContact()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var server = await ServerProcess.StartNewAsync(database.ServerEnvironment);
        var manager = await server.LoginAsync(Demo.Manager);
        var team = await manager.TeamIdAsync(Demo.SupportTeam);
        var grace = await manager.CreateContactAsync(new CreateContactRequest("Grace Hopper", ["grace@navy.example"], null, team, null, null, null));
        var renamed = await manager.UpdateContactAsync(grace.Id, new UpdateContactRequest(Name: "Grace Brewster Hopper"), grace.Version);

        Assert.Equal([grace.Id], await IdsAsync(manager, "race"));
        Assert.Equal([grace.Id], await IdsAsync(manager, "avy.exa"));
        Assert.Equal([grace.Id], await IdsAsync(manager, "brewster"));
        Assert.Empty(await IdsAsync(manager, "100%_"));
        await manager.DeleteContactAsync(renamed.Id);
        Assert.Empty(await IdsAsync(manager, "hopper"));
    }

    private static async Task<long[]> IdsAsync(LiveDeskApiClient api, string q) =>
        [.. (await api.ListContactsAsync(q: q)).Items.Select(c => c.Id)];
}
