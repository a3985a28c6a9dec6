using System.Diagnostics;
using System.Net.Http.Json;
using LiveDesk.Contracts.Identity;
using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.Tests.Setup;

/// <summary>A newcomer clones the repository and runs the one command README.md gives: the server and the dashboard
/// build, the server answers /health, serves the dashboard and lets every demo user log in.</summary>
public sealed class FreshCloneTests
{
    [Fact]
    public async Task FreshCloneRunsTheReadmeRunCommandAndServesHealthAndTheDemoLogins()
    {
        var runCommand = ReadmeRunCommand();
        var clone = Directory.CreateTempSubdirectory("livedesk-clone-").FullName;
        try
        {
            await RunAsync("git", $"clone --quiet --depth 1 file://{RepoPaths.Root} {clone}", RepoPaths.Root);
            var port = ServerProcess.PickPort();
            using var server = StartShell(runCommand, clone, port);
            // A deadline per request, not a wait: a fresh server's first logins (JIT, password hashing) are slow on a
            // loaded machine.
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(60) };
            await WaitForHealthAsync(http, server);

            foreach (var (email, role) in new[]
                     {
                         ("admin@livedesk.test", UserRole.Admin), ("manager@livedesk.test", UserRole.Manager),
                         ("ana@livedesk.test", UserRole.Agent), ("ben@livedesk.test", UserRole.Agent),
                         ("carla@customer.test", UserRole.Customer),
                     })
            {
                var response = await http.PostAsJsonAsync("api/auth/login", new LoginRequest(email, Demo.Password));
                response.EnsureSuccessStatusCode();
                var login = await response.Content.ReadFromJsonAsync<LoginResponse>();
                Assert.Equal(role, login!.User.Role);
                Assert.False(string.IsNullOrEmpty(login.AccessToken));
            }
            Assert.True(File.Exists(Path.Combine(clone, "data", "livedesk.db")), "the SQLite database is not in ./data");
            await AssertDashboardIsServedAsync(http);
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
        finally
        {
            try { Directory.Delete(clone, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The same command built the dashboard (npm ci + Vite) and the server serves it at the root.</summary>
    private static async Task AssertDashboardIsServedAsync(HttpClient http)
    {
        var page = await http.GetAsync("");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<div id=\"root\">", html, StringComparison.Ordinal);
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/assets/[^\"]+\\.js)\"");
        Assert.True(script.Success, "index.html does not load a built script from /assets:\n" + html);
        var asset = await http.GetAsync(script.Groups[1].Value.TrimStart('/'));
        Assert.Equal(System.Net.HttpStatusCode.OK, asset.StatusCode);
    }

    /// <summary>The first <c>dotnet run</c> line of a fenced block in README.md: the command a newcomer copies.</summary>
    private static string ReadmeRunCommand()
    {
        var readme = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md"));
        var inFence = false;
        foreach (var line in readme)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }
            else if (inFence && line.TrimStart().StartsWith("dotnet run", StringComparison.Ordinal))
            {
                return line.Trim();
            }
        }
        throw new InvalidOperationException("README.md has no fenced `dotnet run` command.");
    }

    private static Process StartShell(string command, string workingDirectory, int port)
    {
        var start = new ProcessStartInfo("bash", ["-c", "exec " + command])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Only the address differs from what a newcomer gets, so parallel test runs do not collide on 5080.
        start.Environment["URLS"] = $"http://127.0.0.1:{port}";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Output.Enqueue(e.Data);
        process.ErrorDataReceived += (_, e) => Output.Enqueue(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static readonly System.Collections.Concurrent.ConcurrentQueue<string?> Output = new();

    private static async Task WaitForHealthAsync(HttpClient http, Process server)
    {
        // The command builds the server and the dashboard first: 2 minutes beside the other suites at a load of 28, past
        // 5 once when a second test run shared the machine (load 35). A deadline, so it costs nothing when quick.
        var deadline = DateTime.UtcNow.AddMinutes(8);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(server.HasExited, "the run command exited:\n" + string.Join('\n', Output.TakeLast(60)));
            try
            {
                if ((await http.GetAsync("health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(500);
        }
        server.Kill(entireProcessTree: true);
        Assert.Fail("the server did not answer /health within 8 minutes:\n" + string.Join('\n', Output.TakeLast(60)));
    }

    private static async Task RunAsync(string file, string arguments, string workingDirectory)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = workingDirectory })!;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {arguments} failed with exit code {process.ExitCode}");
    }
}
