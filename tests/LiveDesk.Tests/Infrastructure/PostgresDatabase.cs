using Npgsql;

namespace LiveDesk.Tests.Infrastructure;

/// <summary>
/// A uniquely named database on the PostgreSQL that ./scripts/test.sh starts, dropped on dispose.
/// Without that PostgreSQL the tests fail rather than skip: a skipped test proves nothing.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "LIVEDESK_TEST_POSTGRES";

    private PostgresDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>Npgsql connection string for this database.</summary>
    public string ConnectionString { get; }

    /// <summary>Environment for a <see cref="ServerProcess"/> that should use this database.</summary>
    public IReadOnlyDictionary<string, string?> ServerEnvironment => new Dictionary<string, string?>
    {
        ["LiveDesk__Database__Provider"] = "postgres",
        ["LiveDesk__Database__ConnectionString"] = ConnectionString,
    };

    /// <summary>The server-level connection string (database <c>postgres</c>) from the environment.</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"PostgreSQL tests need {EnvironmentVariable}; run ./scripts/test.sh which starts a throwaway PostgreSQL.");

    public static async Task<PostgresDatabase> CreateAsync(CancellationToken cancellationToken = default)
    {
        var name = $"livedesk_test_{Guid.NewGuid():N}";
        await ExecuteOnServerAsync($"CREATE DATABASE \"{name}\"", cancellationToken);
        var connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
        return new PostgresDatabase(name, connectionString);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // FORCE: a killed server's sessions or this process's pooled connections may linger.
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // Best effort: the throwaway PostgreSQL is deleted after the run anyway.
        }
    }

    private static async Task ExecuteOnServerAsync(string sql, CancellationToken cancellationToken)
    {
        // No pooling: an idle pooled admin connection has no use once the test is done.
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
