namespace LiveDesk.Server.Email;

/// <summary><c>LiveDesk:Email</c>. With no <see cref="Host"/>, email is off (the log says so once) and nothing that
/// needs it can start.</summary>
public sealed class EmailOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;

    /// <summary><c>none</c>, <c>starttls</c> (required), <c>ssl</c> (TLS on connect) or <c>auto</c> (STARTTLS when
    /// offered).</summary>
    public string Tls { get; set; } = "auto";

    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "LiveDesk <no-reply@livedesk.invalid>";

    /// <summary>The outbox's pace for the whole node.</summary>
    public double SendsPerSecond { get; set; } = 20;

    /// <summary>Attempts before a message counts as failed; between them the wait doubles from 2 s up to 5 minutes.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>A notification with email on is mailed only if it is still unread this long after it was created.</summary>
    public TimeSpan UnreadDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>At most one notification digest per user this often; what becomes due meanwhile goes in the next.</summary>
    public TimeSpan DigestWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The dashboard's public address for links in mail, e.g. https://desk.example.com (none: no link).</summary>
    public string? LinkBase { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}
