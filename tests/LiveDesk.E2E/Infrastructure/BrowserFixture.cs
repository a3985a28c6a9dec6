namespace LiveDesk.E2E.Infrastructure;

/// <summary>One headless Debian Chromium for the whole browser suite; each test opens its own contexts.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private const string DefaultChromium = "/usr/bin/chromium";

    // Root needs --no-sandbox. The machine's network is closed, so Chromium's own background traffic is turned off
    // (otherwise it retries refused connections constantly). Background pages must keep their timers running:
    // several contexts share one headless browser and each stands for a user's foreground tab.
    private static readonly string[] s_arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-background-timer-throttling", "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("LIVEDESK_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultChromium;
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {chromium}. The browser tests drive Debian's Chromium: install it with " +
                "`apt-get install chromium` (./scripts/test.sh installs it when missing), or set LIVEDESK_CHROMIUM to a Chromium binary.");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            // LIVEDESK_HEADED=1 shows the browser on a developer's desktop and LIVEDESK_SLOWMO=250 slows each step down
            // (docs/testing.md); unset, as in CI, it runs headless at full speed.
            Headless = Environment.GetEnvironmentVariable("LIVEDESK_HEADED") != "1",
            SlowMo = float.TryParse(Environment.GetEnvironmentVariable("LIVEDESK_SLOWMO"),
                System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var slowMo) ? slowMo : null,
            Args = s_arguments,
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
