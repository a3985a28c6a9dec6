namespace LiveDesk.Bench.Infrastructure;

/// <summary>Finds the repository and the build outputs of the programs the bench starts.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    /// <summary>Release or Debug: whatever the bench itself was built as.</summary>
    public static string Configuration { get; } =
#if DEBUG
        "Debug";
#else
        "Release";
#endif

    /// <summary>The server the bench starts: the build output, or what <c>LIVEDESK_SERVER_DLL</c> names (./scripts/test.sh
    /// sets it to a ReadyToRun publish, which starts in about half the CPU time).</summary>
    public static string ServerDll =>
        Environment.GetEnvironmentVariable("LIVEDESK_SERVER_DLL") is { Length: > 0 } published && File.Exists(published)
            ? published
            : BuiltDll(Path.Combine("src", "LiveDesk.Server"), "LiveDesk.Server.dll");

    public static string FloorDll => BuiltDll(Path.Combine("bench", "peers", "LiveDesk.Floor"), "LiveDesk.Floor.dll");

    public static string SocketIoPeerDir => Path.Combine(Root, "bench", "peers", "socketio");

    public static string ResultsDir => Path.Combine(Root, "bench", "results");

    private static string BuiltDll(string project, string dll)
    {
        var path = Path.Combine(Root, project, "bin", Configuration, "net10.0", dll);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: build with `dotnet build LiveDesk.slnx -c {Configuration}`.", path);
        }
        return path;
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "LiveDesk.slnx")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("Could not find LiveDesk.slnx above the bench or the working directory.");
    }
}
