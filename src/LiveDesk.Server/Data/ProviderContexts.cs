using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LiveDesk.Server.Data;

public sealed class SqliteLiveDeskDb(DbContextOptions<SqliteLiveDeskDb> options) : LiveDeskDb(options)
{
    // SQLite cannot compare or order DateTimeOffset text; as binary longs it can (retention filters by age).
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions) =>
        conventions.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
}

public sealed class PostgresLiveDeskDb(DbContextOptions<PostgresLiveDeskDb> options) : LiveDeskDb(options);

/// <summary>Used only by <c>dotnet ef migrations add</c>; the running server configures the context itself.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteLiveDeskDb>
{
    public SqliteLiveDeskDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteLiveDeskDb>().UseSqlite("Data Source=design-time.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresLiveDeskDb>
{
    public PostgresLiveDeskDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresLiveDeskDb>().UseNpgsql("Host=localhost;Database=livedesk_design").Options);
}
