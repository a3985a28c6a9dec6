using System.Security.Cryptography;
using System.Text;
using LiveDesk.Contracts.Identity;
using LiveDesk.Contracts.Tickets;
using LiveDesk.Server.Data;
using LiveDesk.Server.Identity;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace LiveDesk.Bench.Infrastructure;

/// <summary>The LiveDesk server under test: started by the bench in a child process, or one already running. The bench
/// talks to its database directly only to seed users (there is no user-creation API, and hashing thousands of
/// passwords would dominate the run) and to read the log for the loss check; tokens are minted with the configured
/// signing key through the server's own <see cref="TokenIssuer"/>.</summary>
public sealed class LiveDeskTarget : IAsyncDisposable
{
    private readonly ChildProcess? _child;
    private readonly string? _dataDirectory;
    private readonly TokenIssuer _issuer;

    private LiveDeskTarget(Uri baseAddress, int? pid, string provider, string connectionString, string signingKey,
        ChildProcess? child, string? dataDirectory)
    {
        BaseAddress = baseAddress;
        Pid = pid;
        Provider = provider;
        ConnectionString = connectionString;
        _child = child;
        _dataDirectory = dataDirectory;
        // The bench mints its users' tokens once, at seeding, and uses them for the whole run, which can take longer
        // than the server's default token lifetime (15 minutes): they carry no session to refresh, so they are minted
        // for a day. The server checks the token's own expiry, whatever its TokenLifetime is.
        var options = new LiveDeskOptions { Auth = new AuthOptions { SigningKey = signingKey, TokenLifetime = TimeSpan.FromDays(1) } };
        _issuer = new TokenIssuer(
            new SigningKey(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey))),
            Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System);
    }

    public Uri BaseAddress { get; }

    /// <summary>The server's process id, for CPU and memory; null when targeting a server on another host.</summary>
    public int? Pid { get; }

    public string Provider { get; }
    public string ConnectionString { get; }
    public bool IsPostgres => Provider.StartsWith("postgres", StringComparison.OrdinalIgnoreCase);
    public string RecentOutput => _child?.RecentOutput ?? "";

    /// <summary>Starts a fresh server (empty database) with the given extra environment.</summary>
    public static async Task<LiveDeskTarget> StartAsync(string provider, string? postgres,
        IReadOnlyDictionary<string, string>? extraEnvironment = null, CancellationToken ct = default)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("livedesk-bench-").FullName;
        var signingKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
        var port = ChildProcess.FreePort();
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["LiveDesk__DataDirectory"] = dataDirectory,
            ["LiveDesk__Auth__SigningKey"] = signingKey,
            ["LiveDesk__SeedDemoData"] = "false",
        };
        string connectionString;
        if (provider.StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
        {
            if (string.IsNullOrEmpty(postgres))
            {
                throw new ArgumentException("--provider postgres needs --postgres <connection string> (bench/with-postgres.sh sets it).");
            }
            connectionString = await FreshPostgresDatabaseAsync(postgres, ct);
            env["LiveDesk__Database__Provider"] = "postgres";
            env["LiveDesk__Database__ConnectionString"] = connectionString;
        }
        else
        {
            connectionString = $"Data Source={Path.Combine(dataDirectory, "livedesk.db")}";
        }
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            env[name] = value;
        }
        var child = await ChildProcess.StartAsync(ChildProcess.DotnetHost(),
            [RepoPaths.ServerDll, "--urls", $"http://127.0.0.1:{port}"], env, dataDirectory, port, "health", ct);
        return new LiveDeskTarget(child.BaseAddress, child.Pid, provider, connectionString, signingKey, child, dataDirectory);
    }

    /// <summary>A server someone else started; it must have been given <paramref name="signingKey"/>.</summary>
    public static LiveDeskTarget Existing(Uri baseAddress, int? pid, string provider, string connectionString, string signingKey) =>
        new(baseAddress, pid, provider, connectionString, signingKey, child: null, dataDirectory: null);

    public LiveDeskDb OpenDb()
    {
        if (IsPostgres)
        {
            return new PostgresLiveDeskDb(new DbContextOptionsBuilder<PostgresLiveDeskDb>().UseNpgsql(ConnectionString).Options);
        }
        return new SqliteLiveDeskDb(new DbContextOptionsBuilder<SqliteLiveDeskDb>().UseSqlite(ConnectionString).Options);
    }

    public string TokenFor(BenchUser user) => _issuer.Issue(new User
    {
        Id = user.Id, Email = user.Email, DisplayName = user.Email, Role = user.Role,
    }).Token;

    /// <summary>Teams of agents, one queue and a few tickets per team, and one admin who drives the writes.
    /// Tickets are requested by the admin and unassigned, so their events go to the team room (and the
    /// manager/admin role rooms, where no bench client sits).</summary>
    public async Task<Population> SeedAsync(int teams, int agentsPerTeam, int ticketsPerTeam, CancellationToken ct = default)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        await using var db = OpenDb();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var now = DateTimeOffset.UtcNow;
        var admin = new User { Email = $"bench-admin-{run}@bench.test", DisplayName = "Bench Admin", Role = UserRole.Admin, CreatedAt = now };
        db.Users.Add(admin);
        var teamRows = Enumerable.Range(0, teams).Select(i => new Team { Name = $"Bench {run} team {i}" }).ToList();
        db.Teams.AddRange(teamRows);
        await db.SaveChangesAsync(ct);
        var queues = teamRows.Select(t => new Queue { Name = $"{t.Name} queue", TeamId = t.Id }).ToList();
        db.Queues.AddRange(queues);
        var agents = new List<User>();
        foreach (var team in teamRows)
        {
            for (var i = 0; i < agentsPerTeam; i++)
            {
                var agent = new User { Email = $"agent-{run}-{team.Id}-{i}@bench.test", DisplayName = $"Agent {i}", Role = UserRole.Agent, CreatedAt = now };
                agent.Teams.Add(new TeamMember { TeamId = team.Id });
                agents.Add(agent);
            }
        }
        db.Users.AddRange(agents);
        await db.SaveChangesAsync(ct);
        var number = (await db.Tickets.MaxAsync(t => (long?)t.Number, ct) ?? 1000) + 1;
        var tickets = new List<Ticket>();
        foreach (var queue in queues)
        {
            for (var i = 0; i < ticketsPerTeam; i++)
            {
                tickets.Add(new Ticket
                {
                    Number = number++, Title = $"Bench ticket {i}", Description = "Seeded by the bench.",
                    Status = TicketStatus.Open, Priority = TicketPriority.Normal, QueueId = queue.Id, TeamId = queue.TeamId,
                    RequesterId = admin.Id, Version = 1, CreatedAt = now, UpdatedAt = now,
                });
            }
        }
        db.Tickets.AddRange(tickets);
        await db.SaveChangesAsync(ct);

        var adminUser = new BenchUser(admin.Id, admin.Email, UserRole.Admin, null);
        return new Population(
            adminUser with { Token = TokenFor(adminUser) },
            agents.Select(a =>
            {
                var user = new BenchUser(a.Id, a.Email, UserRole.Agent, a.Teams[0].TeamId);
                return user with { Token = TokenFor(user) };
            }).ToList(),
            teamRows.Select((t, i) => new BenchTeam(t.Id, queues[i].Id,
                tickets.Where(k => k.TeamId == t.Id).Select(k => k.Id).ToList())).ToList());
    }

    /// <summary>The log's head right now.</summary>
    public async Task<long> HeadAsync(CancellationToken ct = default)
    {
        await using var db = OpenDb();
        return await db.LogState.AsNoTracking().Select(s => s.Head).SingleAsync(ct);
    }

    /// <summary>Every (room, seq) the log holds with seq in (after, through].</summary>
    public async Task<List<(string Room, long Seq)>> LogRoomsAsync(long after, long through, CancellationToken ct = default)
    {
        await using var db = OpenDb();
        var rows = await db.EventRooms.AsNoTracking().Where(r => r.Seq > after && r.Seq <= through)
            .Select(r => new { r.Room, r.Seq }).ToListAsync(ct);
        return rows.Select(r => (r.Room, r.Seq)).ToList();
    }

    private static async Task<string> FreshPostgresDatabaseAsync(string adminConnectionString, CancellationToken ct)
    {
        var name = "livedesk_bench_" + Guid.NewGuid().ToString("N")[..10];
        await using var connection = new Npgsql.NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync(ct);
        return new Npgsql.NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, MaxPoolSize = 100 }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (_child is not null)
        {
            await _child.DisposeAsync();
        }
        if (_dataDirectory is not null)
        {
            try
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

public sealed record BenchUser(long Id, string Email, UserRole Role, long? TeamId, string Token = "")
{
    /// <summary>The rooms the server joins this user's connections to automatically.</summary>
    public string[] AutomaticRooms => CoreFeatures
        .AutomaticRooms(new Viewer(Id, Role, TeamId is { } team ? new HashSet<long> { team } : new HashSet<long>()))
        .Select(r => r.Name).ToArray();

    // The server's own declaration of automatic rooms (the core feature), so the loss accounting cannot drift from it.
    private static readonly LiveDesk.Server.Realtime.Features.LiveFeatures CoreFeatures =
        new([new LiveDesk.Server.Realtime.Rooms.CoreLiveFeature()]);
}

public sealed record BenchTeam(long TeamId, long QueueId, IReadOnlyList<long> TicketIds);

public sealed record Population(BenchUser Admin, IReadOnlyList<BenchUser> Agents, IReadOnlyList<BenchTeam> Teams);
