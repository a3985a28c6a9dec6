using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LiveDesk.Tests.Infrastructure;

/// <summary>
/// The real server in a child process on 127.0.0.1 with a data directory of its own. A separate
/// process (not an in-memory test host) is what lets a test kill -9 it and start it again on the
/// same data and the same URL, as a crash and restart would in production.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int MaxOutputLines = 500;
    // Deadlines, not waits: they cost nothing when the server is quick, and a loaded CI machine (the flake hunt saw a
    // load average of 33 on 2 cores) can take well over a minute to JIT and answer its first health check.
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly HttpClient s_healthClient = new() { Timeout = TimeSpan.FromSeconds(30) };

    // A test host that ends without disposing (a forgotten using, a crash in a fixture) must not
    // leave servers holding ports and files behind.
    private static readonly ConcurrentDictionary<ServerProcess, byte> s_running = new();
    private static readonly ConcurrentDictionary<int, byte> s_portsHandedOut = new();

    private readonly Queue<string> _output = new();
    private readonly Lock _outputLock = new();
    private Process? _process;
    private bool _portIsFixed;

    static ServerProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var server in s_running.Keys)
            {
                server.KillQuietly();
            }
        };
    }

    /// <param name="environment">Extra environment variables for the server, e.g.
    /// <c>LiveDesk__Database__Provider=postgres</c>. A null value removes an inherited variable.</param>
    public ServerProcess(IReadOnlyDictionary<string, string?>? environment = null)
    {
        DataDirectory = Directory.CreateTempSubdirectory("livedesk-test-").FullName;
        ExtraEnvironment = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>(), StringComparer.Ordinal);
        Port = PickPort();
    }

    /// <summary>Stays the same across <see cref="RestartAsync"/>, so clients reconnect to the same URL.</summary>
    public int Port { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Where the server keeps its SQLite file and generated JWT key; also its working directory.</summary>
    public string DataDirectory { get; }

    /// <summary>Extra environment variables; a change applies at the next start.</summary>
    public IDictionary<string, string?> ExtraEnvironment { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last few hundred lines the server printed (stdout and stderr), for failure messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_outputLock)
            {
                return string.Join('\n', _output);
            }
        }
    }

    /// <summary>Creates and starts a server; disposes it again if it does not come up.</summary>
    public static async Task<ServerProcess> StartNewAsync(
        IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default)
    {
        var server = new ServerProcess(environment);
        try
        {
            await server.StartAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public HttpClient CreateHttpClient() => new() { BaseAddress = BaseAddress };

    /// <summary>Starts the server and returns once <c>GET /health</c> answers 200.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("The server is already running.");
        }

        var clock = Stopwatch.StartNew();
        while (true)
        {
            var attempt = Launch();
            if (await WaitUntilHealthyAsync(attempt, clock, cancellationToken))
            {
                // From now on clients know this URL, so a restart must come back on the same port.
                _portIsFixed = true;
                return;
            }

            var exitCode = attempt.Process.ExitCode;
            await ForgetProcessAsync(attempt.Process);
            if (attempt.AddressInUse && clock.Elapsed < s_startTimeout)
            {
                // Before the first start another process may have taken the port we picked: pick
                // again. After it, the old socket may linger for a moment: retry the same port.
                if (_portIsFixed)
                {
                    await Task.Delay(250, cancellationToken);
                }
                else
                {
                    Port = PickPort();
                }
                continue;
            }
            throw new InvalidOperationException(
                $"The server exited with code {exitCode} before GET /health answered 200. Its output:\n{RecentOutput}");
        }
    }

    /// <summary>kill -9: Process.Kill sends SIGKILL on Linux, so the server gets no chance to clean up.</summary>
    public async Task KillAsync()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
        AppendOutput("--- killed by the test (SIGKILL) ---");
        await ForgetProcessAsync(process);
    }

    /// <summary>Kills the server if it runs, then starts it again with the same port, data directory and environment.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await KillAsync();
        await StartAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        for (var attempt = 0; attempt < 5 && Directory.Exists(DataDirectory); attempt++)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                await Task.Delay(100);
            }
        }
    }

    private Attempt Launch()
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = DataDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The server must never wait on the test host's terminal.
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(RepoPaths.ServerDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{Port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["LiveDesk__DataDirectory"] = DataDirectory;
        foreach (var (name, value) in ExtraEnvironment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = start };
        var attempt = new Attempt(process);
        process.OutputDataReceived += (_, e) => OnOutput(attempt, e.Data, "");
        process.ErrorDataReceived += (_, e) => OnOutput(attempt, e.Data, "[stderr] ");

        AppendOutput($"--- starting server on {BaseAddress} ---");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        s_running[this] = 0;
        return attempt;
    }

    private async Task<bool> WaitUntilHealthyAsync(Attempt attempt, Stopwatch clock, CancellationToken cancellationToken)
    {
        var health = new Uri(BaseAddress, "health");
        while (true)
        {
            if (attempt.Process.HasExited)
            {
                return false;
            }
            try
            {
                using var response = await s_healthClient.GetAsync(health, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // This poll timed out; the overall deadline decides.
            }

            if (clock.Elapsed > s_startTimeout)
            {
                await KillAsync();
                throw new TimeoutException(
                    $"The server did not answer GET /health with 200 within {s_startTimeout.TotalSeconds:0} s. Its output:\n{RecentOutput}");
            }
            await Task.Delay(s_pollInterval, cancellationToken);
        }
    }

    private async Task ForgetProcessAsync(Process process)
    {
        // Also waits for the last output lines, so RecentOutput is complete in failure messages.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            AppendOutput("--- the server did not exit within 10 s ---");
        }
        if (ReferenceEquals(_process, process))
        {
            _process = null;
            s_running.TryRemove(this, out _);
        }
        process.Dispose();
    }

    private void OnOutput(Attempt attempt, string? line, string prefix)
    {
        if (line is null)
        {
            return;
        }
        // Kestrel's words when the port is taken; such a start is retried rather than failed.
        if (line.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            attempt.AddressInUse = true;
        }
        AppendOutput(prefix + line);
    }

    private void AppendOutput(string line)
    {
        lock (_outputLock)
        {
            _output.Enqueue(line);
            while (_output.Count > MaxOutputLines)
            {
                _output.Dequeue();
            }
        }
    }

    private void KillQuietly()
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone already, or the host is going down anyway.
        }
    }

    // The SDK tells child processes which dotnet runs them; fall back to the one on PATH.
    private static string DotnetHost() =>
        System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : "dotnet";

    /// <summary>
    /// A free port BELOW the kernel's ephemeral range. While the server is down (kill -9, restart),
    /// a client reconnecting to 127.0.0.1:P could otherwise be handed P itself as its local port and
    /// connect to itself (TCP self-connect), and the restarted server could not bind P.
    /// </summary>
    internal static int PickPort()
    {
        var (low, _) = EphemeralRange();
        var first = Math.Max(1024, low - 12_000);
        // The test command runs suites side by side in separate processes, which cannot see each other's picks; it
        // gives each suite one of three blocks of the range (LIVEDESK_TEST_PORT_BLOCK), so they never collide.
        if (int.TryParse(Environment.GetEnvironmentVariable("LIVEDESK_TEST_PORT_BLOCK"), out var block) && block is >= 0 and < 3)
        {
            var size = (low - first) / 3;
            (first, low) = (first + block * size, first + (block + 1) * size);
        }
        for (var i = 0; i < 200; i++)
        {
            var port = Random.Shared.Next(first, low);
            if (!s_portsHandedOut.TryAdd(port, 0))
            {
                continue;
            }
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken; try another.
            }
        }
        throw new InvalidOperationException($"Found no free port on 127.0.0.1 between {first} and {low}.");
    }

    private static (int Low, int High) EphemeralRange()
    {
        try
        {
            var parts = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range")
                .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return (int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return (32768, 60999); // Linux's default
        }
    }

    private sealed class Attempt(Process process)
    {
        public Process Process { get; } = process;

        public volatile bool AddressInUse;
    }
}
