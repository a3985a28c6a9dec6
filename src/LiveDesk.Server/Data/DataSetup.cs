using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LiveDesk.Server.Data;

public static class DataSetup
{
    public static WebApplicationBuilder AddLiveDeskData(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetLiveDeskOptions();
        var database = options.Database;
        if (database.IsPostgres)
        {
            if (string.IsNullOrWhiteSpace(database.ConnectionString))
            {
                throw new InvalidOperationException(
                    "LiveDesk:Database:Provider is postgres but LiveDesk:Database:ConnectionString is empty.");
            }
            builder.Services.AddDbContext<LiveDeskDb, PostgresLiveDeskDb>(db => db.UseNpgsql(database.ConnectionString));
        }
        else
        {
            var connectionString = database.ConnectionString
                ?? $"Data Source={Path.Combine(options.DataDirectoryFullPath, "livedesk.db")}";
            builder.Services.AddDbContext<LiveDeskDb, SqliteLiveDeskDb>(db => db.UseSqlite(connectionString));
        }
        builder.Services.AddHealthChecks().AddDbContextCheck<LiveDeskDb>("database");
        builder.Services.AddScoped<DemoSeeder>();
        return builder;
    }

    /// <summary>Applies migrations, prepares the event log and seeds demo data into an empty database.</summary>
    public static async Task InitializeLiveDeskDataAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<LiveDeskOptions>>().Value;
        Directory.CreateDirectory(options.DataDirectoryFullPath);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LiveDeskDb>();
        await db.Database.MigrateAsync();
        if (db.Database.IsSqlite())
        {
            // WAL lets readers (replay, lists) run while a writer commits.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        await LogStateInitializer.EnsureAsync(db, CancellationToken.None);
        if (options.SeedDemoData)
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(CancellationToken.None);
        }
    }
}
