using LiveDesk.Server.Data;
using LiveDesk.Server.Infrastructure;
using LiveDesk.Server.Realtime.EventLog;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LiveDesk.Server.Email;

/// <summary>The one outbox's sender: sends due messages in id order at the configured pace over one SMTP connection
/// (MailKit), asking each message's source first, and records each outcome together with its source's update. Failures
/// are retried with doubling waits; a recipient the server refuses (5xx on RCPT) is bounced at once. One node sends.
/// </summary>
public sealed partial class OutboxSender(
    IServiceScopeFactory scopes, IEnumerable<IOutboxSource> sources, IOptions<LiveDeskOptions> options, TimeProvider time,
    ILogger<OutboxSender> logger) : BackgroundService
{
    private readonly Dictionary<string, IOutboxSource> _sources = sources.ToDictionary(s => s.Name);
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly WakeSignal _wake = new();

    /// <summary>Something was queued or released (a campaign started or resumed): look now rather than at the next poll.</summary>
    public void Wake() => _wake.Wake();

    /// <summary>Completes once no send is in flight. After a source has stopped allowing its messages (a pause has
    /// committed), awaiting this means none of them is being sent any more.</summary>
    public async Task QuiesceAsync(CancellationToken ct)
    {
        await _sending.WaitAsync(ct);
        _sending.Release();
    }

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        var email = options.Value.Email;
        if (!email.Enabled)
        {
            LogDisabled();
            return;
        }
        using var smtp = new SmtpClient();
        var pace = TimeSpan.FromSeconds(1 / Math.Max(0.01, email.SendsPerSecond));
        while (!stop.IsCancellationRequested)
        {
            int sent;
            try
            {
                sent = await SendDueAsync(smtp, email, pace, stop);
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                LogLoopFailed(e);
                sent = 0;
            }
            if (sent == 0)
            {
                try
                {
                    await _wake.WaitAsync(TimeSpan.FromMilliseconds(500), stop);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
        if (smtp.IsConnected)
        {
            await smtp.DisconnectAsync(true, CancellationToken.None);
        }
    }

    /// <summary>Sends the next due messages (up to 50, in id order) one at a time at the pace, and returns how many were
    /// sent. Each message's source is asked just before its send, so a pause that committed meanwhile is obeyed.</summary>
    private async Task<int> SendDueAsync(SmtpClient smtp, EmailOptions email, TimeSpan pace, CancellationToken stop)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LiveDeskDb>();
        var now = time.GetUtcNow();
        var due = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.Id).Take(50).ToListAsync(stop);
        var sent = 0;
        foreach (var message in due)
        {
            if (!_sources.TryGetValue(message.Source, out var source))
            {
                continue;
            }
            var started = time.GetTimestamp();
            await _sending.WaitAsync(stop);
            try
            {
                // Asked under the lock: a pause that committed and then waited for this lock is seen here.
                if (!await source.MaySendAsync(db, message, stop))
                {
                    continue;
                }
                var (status, error) = await TrySendAsync(smtp, email, message, stop);
                await RecordAsync(scope.ServiceProvider, message.Id, status, error, email, source, stop);
                sent++;
            }
            finally
            {
                _sending.Release();
            }
            // The pace counts from the start of a send, so the time a send takes is not added on top of it.
            var rest = pace - time.GetElapsedTime(started);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest, time, stop);
            }
        }
        return sent;
    }

    private async Task<(OutboxStatus? Status, string? Error)> TrySendAsync(SmtpClient smtp, EmailOptions email, OutboxMessage message,
        CancellationToken stop)
    {
        try
        {
            if (!smtp.IsConnected)
            {
                await smtp.ConnectAsync(email.Host!, email.Port, SecureSocket(email.Tls), stop);
                if (!string.IsNullOrEmpty(email.User))
                {
                    await smtp.AuthenticateAsync(email.User, email.Password ?? "", stop);
                }
            }
            await smtp.SendAsync(Compose(email, message), stop);
            return (OutboxStatus.Sent, null);
        }
        catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.RecipientNotAccepted && (int)e.StatusCode >= 500)
        {
            return (OutboxStatus.Bounced, e.Message);
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException
            or System.Net.Sockets.SocketException or SslHandshakeException or AuthenticationException)
        {
            if (smtp.IsConnected)
            {
                try
                {
                    await smtp.DisconnectAsync(false, stop);
                }
                catch (Exception)
                {
                    // Broken anyway; the next send connects afresh.
                }
            }
            return (null, e.Message);
        }
    }

    /// <summary>A final outcome, with its source's update, in one write; or the next attempt's time after a failure.</summary>
    private async Task RecordAsync(IServiceProvider services, long id, OutboxStatus? status, string? error, EmailOptions email,
        IOutboxSource source, CancellationToken stop)
    {
        var db = services.GetRequiredService<LiveDeskDb>();
        var writer = services.GetRequiredService<LiveWriter>();
        db.ChangeTracker.Clear();
        await writer.WriteAsync(async batch =>
        {
            var message = await db.OutboxMessages.SingleAsync(m => m.Id == id, stop);
            message.Attempts++;
            message.LastError = error is null ? null : error.Length > 1000 ? error[..1000] : error;
            if (status is null && message.Attempts < email.MaxAttempts)
            {
                var wait = TimeSpan.FromSeconds(Math.Min(300, 2 * Math.Pow(2, message.Attempts - 1)));
                message.NextAttemptAt = batch.At + wait;
                LogRetry(message.Id, message.Attempts, wait, error);
                return 0;
            }
            message.Status = status ?? OutboxStatus.Failed;
            message.SentAt = status == OutboxStatus.Sent ? batch.At : null;
            await source.OnOutcomeAsync(db, batch, message, stop);
            return 0;
        }, CancellationToken.None);
    }

    private static MimeMessage Compose(EmailOptions email, OutboxMessage message)
    {
        var mime = new MimeMessage { Subject = message.Subject, MessageId = message.MessageId };
        mime.From.Add(MailboxAddress.Parse(email.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Body = new TextPart("plain") { Text = message.Body };
        return mime;
    }

    private static SecureSocketOptions SecureSocket(string tls) => tls.ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "starttls" => SecureSocketOptions.StartTls,
        "ssl" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Email is off: LiveDesk:Email:Host is not set, so no mail is sent (campaigns cannot start).")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Error, Message = "The outbox sender failed; it goes on after a pause.")]
    private partial void LogLoopFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {Id}: attempt {Attempt} failed ({Error}); next in {Wait}.")]
    private partial void LogRetry(long id, int attempt, TimeSpan wait, string? error);
}
