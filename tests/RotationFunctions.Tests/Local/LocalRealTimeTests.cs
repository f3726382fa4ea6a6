using System.Text.RegularExpressions;
using RotationFunctions.Local;
using RotationFunctions.Tests.Portal;

namespace RotationFunctions.Tests.Local;

/// <summary>`run-local.sh --real-time` serves the portal and prints each demo curator's link; a real browser follows one.</summary>
public sealed partial class LocalRealTimeTests : IClassFixture<BrowserFixture>
{
    private readonly BrowserFixture _browser;

    public LocalRealTimeTests(BrowserFixture browser) => _browser = browser;

    [GeneratedRegex(@"link Karin Ek: (http://127\.0\.0\.1:\d+/\S+)")]
    private static partial Regex KarinsLink();

    [GeneratedRegex(@"portal: (http://127\.0\.0\.1:\d+/\S*)")]
    private static partial Regex PortalLine();

    [Fact]
    public async Task The_real_time_host_prints_the_portal_and_each_curators_link_and_a_printed_link_opens_the_accept_page()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var output = new CapturingWriter();
        var run = Task.Run(() => LocalRun.RunAsync(new LocalRunArguments(RealTime: true, Speed: 1, Days: 1, HostArgs: []), output, stop.Token));

        var link = (await output.WaitForAsync(KarinsLink(), TimeSpan.FromMinutes(2))).Groups[1].Value;
        Assert.Matches(PortalLine(), output.Text);
        foreach (var name in new[] { "Sara Lindqvist", "Ahmed Yusuf", "Karin Ek" })
        {
            Assert.Contains($"link {name}: http://127.0.0.1:", output.Text);
        }

        await using var context = await _browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var opened = await page.GotoAsync(link);
        Assert.Equal(200, opened!.Status);
        Assert.Contains("Karin Ek", await page.TextContentAsync("h1"));
        Assert.NotNull(await page.QuerySelectorAsync("#accept"));

        await stop.CancelAsync();
        await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)));
    }
}
