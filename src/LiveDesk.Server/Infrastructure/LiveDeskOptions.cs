namespace LiveDesk.Server.Infrastructure;

/// <summary>Bound from the <c>LiveDesk</c> configuration section (environment: <c>LiveDesk__...</c>).</summary>
public sealed class LiveDeskOptions
{
    public const string Section = "LiveDesk";

    /// <summary>Where the SQLite file and the generated signing key live. Relative paths are resolved against
    /// the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Seed demo users and tickets into an empty database.</summary>
    public bool SeedDemoData { get; set; } = true;

    public DatabaseOptions Database { get; set; } = new();
    public AuthOptions Auth { get; set; } = new();
    public EventLogOptions EventLog { get; set; } = new();
    public RealtimeOptions Realtime { get; set; } = new();
    public RateLimitOptions RateLimits { get; set; } = new();
    public Email.EmailOptions Email { get; set; } = new();

    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);
}

public sealed class DatabaseOptions
{
    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>Required for postgres; for sqlite the default is a file in the data directory.</summary>
    public string? ConnectionString { get; set; }

    public bool IsPostgres => string.Equals(Provider, "postgres", StringComparison.OrdinalIgnoreCase)
        || string.Equals(Provider, "postgresql", StringComparison.OrdinalIgnoreCase);
}

public sealed class AuthOptions
{
    /// <summary>HS256 key, at least 32 characters. When empty a random key is generated and kept in the data
    /// directory; configure one explicitly when several nodes must accept each other's tokens.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "livedesk";
    public string Audience { get; set; } = "livedesk";
    /// <summary>How long an access token works. Short, because it cannot be taken back once handed out except through
    /// its session; the dashboard, the portal and the .NET SDK refresh before it expires and move their live
    /// connections to the new one (docs/security.md).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a session lasts without being used; every refresh moves its end this far ahead.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(30);
}

public sealed class EventLogOptions
{
    /// <summary>Events older than this are removed by retention.</summary>
    public TimeSpan RetentionMaxAge { get; set; } = TimeSpan.FromDays(7);

    /// <summary>At most this many events are kept; the oldest go first.</summary>
    public long RetentionMaxEvents { get; set; } = 1_000_000;

    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A resume that would replay more than this answers <c>reset</c>: refetching by REST is cheaper.</summary>
    public int MaxReplayEvents { get; set; } = 10_000;
}

public sealed class RealtimeOptions
{
    /// <summary>How often the relay checks the log for committed events that were not published (a crash between
    /// commit and publish, or a write made by another node).</summary>
    public TimeSpan RelayPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A send to connections that does not finish in this time aborts them; they reconnect and resume by
    /// cursor. Sends complete as soon as the bytes fit the connection's buffers, so only a client that has stopped
    /// reading for a while hits this; until it does, it holds up the node's delivery, so keep it short.</summary>
    public TimeSpan SlowConsumerTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Fault injection for tests: skip the in-process hand-off after commit, as if the process had died
    /// between commit and publish, so only the relay can deliver.</summary>
    public bool SimulateLostHandoff { get; set; }

    /// <summary>How long past its token's expiry a live connection may stay open before it is closed, so a refresh
    /// delayed by a slow network or a busy server does not cost a reconnect (REST accepts a token 30 s past expiry,
    /// as clock skew, anyway). A client that never refreshes is still closed soon after.</summary>
    public TimeSpan ExpiryGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Bytes buffered per connection in each direction before back-pressure applies.</summary>
    public long ConnectionBufferBytes { get; set; } = 64 * 1024;

    /// <summary>Pending TCP connections the listener queues. Kestrel's default (512) overflows when thousands of
    /// clients reconnect at once after a restart; the kernel then drops SYNs and clients retry only after 1 s and
    /// 3 s (measured in the S3 benchmark). Linux caps it at net.core.somaxconn.</summary>
    public int AcceptBacklog { get; set; } = 4096;
}

public static class LiveDeskConfiguration
{
    /// <summary>The options as configured, for start-up code that runs before the container is built.</summary>
    public static LiveDeskOptions GetLiveDeskOptions(this IConfiguration configuration) =>
        configuration.GetSection(LiveDeskOptions.Section).Get<LiveDeskOptions>() ?? new();
}
