namespace LiveDesk.Tests.Infrastructure;

/// <summary>Finds the repository and the server build that matches this test build.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The folder that holds LiveDesk.slnx.</summary>
    public static string Root => s_root.Value;

    /// <summary>Release or Debug: whatever this test assembly was built as, so that
    /// <c>dotnet test -c Release</c> runs the Release server and an IDE's Debug run the Debug one.</summary>
    public static string Configuration { get; } = OutputSegmentAfterBin(0) ?? (IsDebugBuild ? "Debug" : "Release");

    public static string TargetFramework { get; } = OutputSegmentAfterBin(1) ?? "net10.0";

    /// <summary>The server's dll; tests start it with <c>dotnet</c> in a child process. ./scripts/test.sh points
    /// <c>LIVEDESK_SERVER_DLL</c> at a ReadyToRun publish of the same code (docs/testing.md): the suites start a few
    /// hundred servers, and each one JIT-compiling itself was the largest single cost of a CI run.</summary>
    public static string ServerDll
    {
        get
        {
            if (Environment.GetEnvironmentVariable(ServerDllVariable) is { Length: > 0 } published)
            {
                return File.Exists(published)
                    ? published
                    : throw new FileNotFoundException($"{ServerDllVariable} names {published}, which does not exist.", published);
            }
            var path = Path.Combine(Root, "src", "LiveDesk.Server", "bin", Configuration, TargetFramework, "LiveDesk.Server.dll");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"The server is not built: {path} is missing. Build it with `dotnet build LiveDesk.slnx -c {Configuration}` " +
                    "(./scripts/test.sh does this).", path);
            }
            return path;
        }
    }

    public const string ServerDllVariable = "LIVEDESK_SERVER_DLL";

    private static bool IsDebugBuild =>
#if DEBUG
        true;
#else
        false;
#endif

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LiveDesk.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException(
            $"Could not find LiveDesk.slnx in any parent of {AppContext.BaseDirectory}; tests must run from a build inside the repository.");
    }

    // The test assembly lives in .../bin/{Configuration}/{TargetFramework}/.
    private static string? OutputSegmentAfterBin(int offset)
    {
        var segments = AppContext.BaseDirectory.Split(
            [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        var bin = Array.LastIndexOf(segments, "bin");
        var index = bin + 1 + offset;
        return bin >= 0 && index < segments.Length ? segments[index] : null;
    }
}
