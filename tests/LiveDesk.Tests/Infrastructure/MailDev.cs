using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace LiveDesk.Tests.Infrastructure;

/// <summary>A real SMTP server on 127.0.0.1 for one test: maildev (npm, pinned in tests/tools/maildev, installed by
/// the test command), read back through its HTTP API. Never an in-process fake. Without it the test fails with what to
/// run, rather than skipping.</summary>
public sealed class MailDev : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly string _directory;

    private MailDev(Process process, int smtpPort, int webPort, string directory)
    {
        _process = process;
        SmtpPort = smtpPort;
        _directory = directory;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/") };
    }

    public int SmtpPort { get; }

    /// <summary>Environment for a <see cref="ServerProcess"/> that should send its mail here.</summary>
    public IReadOnlyDictionary<string, string?> ServerEnvironment => new Dictionary<string, string?>
    {
        ["LiveDesk__Email__Host"] = "127.0.0.1",
        ["LiveDesk__Email__Port"] = SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["LiveDesk__Email__Tls"] = "none",
        ["LiveDesk__Email__From"] = "LiveDesk <desk@livedesk.test>",
    };

    public static async Task<MailDev> StartAsync()
    {
        var binary = Path.Combine(RepoPaths.Root, "tests", "tools", "maildev", "node_modules", ".bin", "maildev");
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException(
                $"maildev is not installed at {binary}: run `npm ci --prefix tests/tools/maildev` (./scripts/test.sh does it).");
        }
        var (smtp, web) = (ServerProcess.PickPort(), ServerProcess.PickPort());
        var directory = Directory.CreateTempSubdirectory("livedesk-maildev-").FullName;
        var start = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "--smtp", $"{smtp}", "--ip", "127.0.0.1", "--web", $"{web}", "--web-ip", "127.0.0.1",
                     "--mail-directory", directory, "--max-emails", "0" })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("maildev did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var mail = new MailDev(process, smtp, web, directory);
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"maildev exited with {process.ExitCode}.");
            }
            try
            {
                return (await mail._http.GetAsync("api/email?limit=1")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        });
        return mail;
    }

    /// <summary>Every mail received so far: its Message-ID (without angle brackets), envelope recipient, subject and text.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MessagesAsync()
    {
        var mails = await _http.GetFromJsonAsync<JsonElement>("api/email?limit=1000000");
        return [.. mails.EnumerateArray().Select(m => new ReceivedMail(
            m.GetProperty("headers").GetProperty("message-id").GetString()!.Trim('<', '>'),
            m.GetProperty("envelope").GetProperty("to")[0].GetProperty("address").GetString()!,
            m.GetProperty("subject").GetString() ?? "",
            m.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : ""))];
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed record ReceivedMail(string MessageId, string To, string Subject, string Text);
