using System.Net.Http.Json;
using System.Text.Json;

namespace LiveDesk.Bench.Infrastructure;

/// <summary>The SMTP server S8 sends to: maildev (npm, pinned in tests/tools/maildev; the test command installs it),
/// on 127.0.0.1, counted back through its HTTP API.</summary>
public sealed class MailSink : IAsyncDisposable
{
    private readonly ChildProcess _child;
    private readonly string _directory;
    private readonly HttpClient _http;

    private MailSink(ChildProcess child, int smtpPort, string directory)
    {
        _child = child;
        SmtpPort = smtpPort;
        _directory = directory;
        _http = new HttpClient { BaseAddress = child.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
    }

    public int SmtpPort { get; }

    /// <summary>Environment for a LiveDesk server that should send its mail here, at most <paramref name="sendsPerSecond"/>.</summary>
    public Dictionary<string, string> ServerEnvironment(double sendsPerSecond) => new()
    {
        ["LiveDesk__Email__Host"] = "127.0.0.1",
        ["LiveDesk__Email__Port"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["LiveDesk__Email__Tls"] = "none",
        ["LiveDesk__Email__From"] = "LiveDesk <bench@livedesk.test>",
        ["LiveDesk__Email__SendsPerSecond"] = sendsPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static async Task<MailSink> StartAsync(CancellationToken ct)
    {
        var binary = Path.Combine(RepoPaths.Root, "tests", "tools", "maildev", "node_modules", ".bin", "maildev");
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException(
                $"maildev is not installed at {binary}: run `npm ci --prefix tests/tools/maildev` (./scripts/test.sh does it).");
        }
        var (smtp, web) = (ChildProcess.FreePort(), ChildProcess.FreePort());
        var directory = Directory.CreateTempSubdirectory("livedesk-bench-mail-").FullName;
        var child = await ChildProcess.StartAsync(binary,
            ["--smtp", $"{smtp}", "--ip", "127.0.0.1", "--web", $"{web}", "--web-ip", "127.0.0.1", "--mail-directory", directory,
             "--max-emails", "0"],
            new Dictionary<string, string>(), directory, web, "api/email?limit=1", ct);
        return new MailSink(child, smtp, directory);
    }

    /// <summary>The Message-ID of every mail received so far.</summary>
    public async Task<List<string>> MessageIdsAsync(CancellationToken ct)
    {
        var mails = await _http.GetFromJsonAsync<JsonElement>("api/email?limit=1000000", ct);
        return [.. mails.EnumerateArray().Select(m => m.GetProperty("headers").GetProperty("message-id").GetString()!.Trim('<', '>'))];
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _child.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // maildev may still be flushing a file; the temp directory is cleaned up by the OS.
        }
    }
}
