using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E.Infrastructure;

/// <summary>
/// Servers with the default settings, each started while the test before it runs. Browser tests run one at a time and
/// each wants a fresh server (fresh demo data); starting it took 8–10 s of every test on a loaded CI machine (a CI run
/// spent 400 s of its browser suite outside the tests themselves), and most of that is now spent while the previous
/// test waits on its browser. Tests with settings of their own start theirs on the spot. The .NET suite does not use
/// it: its two test threads already keep both cores busy, and a third server starting beside them raised a CI run's
/// load from 20 to 31 without shortening the suite (docs/testing.md, Time budget).
/// </summary>
internal static class WarmServers
{
    private static readonly Lock s_lock = new();
    private static Task<ServerProcess>? s_next;

    public static async Task<ServerProcess> TakeAsync()
    {
        Task<ServerProcess>? warm;
        lock (s_lock)
        {
            warm = s_next;
            s_next = null;
        }
        ServerProcess server;
        try
        {
            server = warm is null ? await ServerProcess.StartNewAsync() : await warm;
        }
        catch when (warm is not null)
        {
            // The warm one failed to start (its output went with it); a start of our own reports its own failure.
            server = await ServerProcess.StartNewAsync();
        }
        lock (s_lock)
        {
            // Started once this one is up, so two starts never compete with each other. A server nobody takes is
            // killed when the test host exits (ServerProcess), and its data directory goes with the run's temp dir.
            s_next ??= ServerProcess.StartNewAsync();
        }
        return server;
    }
}
