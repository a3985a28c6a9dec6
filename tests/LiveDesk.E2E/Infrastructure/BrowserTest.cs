using LiveDesk.Tests.Infrastructure;

namespace LiveDesk.E2E.Infrastructure;

/// <summary>A browser test with a server of its own (fresh demo data), so tests never see each other's writes.</summary>
public abstract class BrowserTest(BrowserFixture browser) : IAsyncLifetime
{
    protected IBrowser Browser => browser.Browser;

    protected ServerProcess Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var environment = await ServerEnvironmentAsync();
        Server = environment is null ? await WarmServers.TakeAsync() : await ServerProcess.StartNewAsync(environment);
    }

    public virtual async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>Extra environment for the server, e.g. an SMTP server the test started first.</summary>
    protected virtual Task<IReadOnlyDictionary<string, string?>?> ServerEnvironmentAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>?>(null);
}
