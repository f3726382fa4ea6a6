using Microsoft.Playwright;

namespace RotationFunctions.Tests.Portal;

/// <summary>
/// One headless Chromium for the portal's browser tests: Debian's chromium here (.ci/run installs it),
/// the agent's Chrome in the Azure pipeline, by path from PORTAL_BROWSER. Playwright's own browser
/// download is not reachable here. No browser is a failure with a message, never a skip.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string BrowserVariable = "PORTAL_BROWSER";
    public const string DefaultBrowser = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable(BrowserVariable) is { Length: > 0 } set ? set : DefaultBrowser;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"No browser at {path}: the portal's browser tests need Chromium or Chrome. Install it (apt-get install -y chromium) or set {BrowserVariable} to its path.");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
