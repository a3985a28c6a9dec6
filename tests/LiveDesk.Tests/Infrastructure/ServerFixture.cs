namespace LiveDesk.Tests.Infrastructure;

/// <summary>
/// One SQLite-backed server per test class: <c>public class FooTests(ServerFixture fixture) : IClassFixture&lt;ServerFixture&gt;</c>.
/// Tests in the class share it (and its seeded demo data), so they must not depend on each other's writes.
/// </summary>
public class ServerFixture : IAsyncLifetime
{
    private ServerProcess? _server;

    public ServerProcess Server => _server ?? throw new InvalidOperationException("The server fixture has not started.");

    public Uri BaseAddress => Server.BaseAddress;

    public HttpClient CreateHttpClient() => Server.CreateHttpClient();

    public virtual async Task InitializeAsync() =>
        _server = await ServerProcess.StartNewAsync(await CreateEnvironmentAsync());

    public virtual async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Extra server environment; derived fixtures override this.</summary>
    protected virtual Task<IReadOnlyDictionary<string, string?>> CreateEnvironmentAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());
}

/// <summary>The same, on a fresh PostgreSQL database of its own.</summary>
public class PostgresServerFixture : ServerFixture
{
    private PostgresDatabase? _database;

    public PostgresDatabase Database => _database ?? throw new InvalidOperationException("The database has not been created.");

    public override async Task DisposeAsync()
    {
        // The server first, so the database has no live sessions when it is dropped.
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected override async Task<IReadOnlyDictionary<string, string?>> CreateEnvironmentAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        return _database.ServerEnvironment;
    }
}
