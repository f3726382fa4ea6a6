using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace RotationFunctions.Tests.Portal;

/// <summary>
/// Issue 14's product promises in a real browser: axe-core finds no serious or critical WCAG 2.1 A/AA
/// violation on any page (the accessibility law for public bodies asks for it), a curator can go from
/// accepting to posting with the keyboard alone, and no page scrolls sideways on a 360 px wide phone.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalAccessibilityTests(AzuriteFixture azurite, BrowserFixture browser)
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    [Fact]
    public async Task Every_page_has_no_serious_or_critical_WCAG_21_AA_violation_and_no_sideways_scroll_at_360_px()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 360, Height = 740 },
            // axe is injected as a script; the portal's CSP allows none, which is the point of it.
            BypassCSP = true,
        });
        var page = await context.NewPageAsync();
        var link = (await env.LinkAsync()).ToString();
        var checkedPages = new List<string>();

        async Task CheckAsync(string name)
        {
            var result = await page.RunAxe(Wcag21AA);
            var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
            Assert.True(bad.Count == 0, $"{name}: " + string.Join("; ", bad.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
            var (scroll, client) = (widths[0], widths[1]);
            Assert.True(scroll <= client, $"{name}: {scroll} px wide in a {client} px viewport");
            checkedPages.Add(name);
        }

        await page.GotoAsync(link);
        await CheckAsync("guidelines");
        await page.ClickAsync("#accept");
        await page.WaitForSelectorAsync("#accepted");
        await CheckAsync("compose");
        await page.FillAsync("#text", "Patienten 19121212-1212 ringer 070-123 45 67 " + new string('x', 300));
        await page.ClickAsync("#check");
        await CheckAsync("findings and too long");
        await page.FillAsync("#text", "Hej från akuten! https://example.se/" + new string('a', 80));
        await page.ClickAsync("#post");
        await page.WaitForURLAsync(url => url.Contains("?posted=", StringComparison.Ordinal));
        await CheckAsync("posted, with a long link in the list");
        await page.GotoAsync(link[..^4] + "AAAA");
        await CheckAsync("not found");
        await env.Portal.RevokeAsync(PortalEnvironment.AccountId, PortalEnvironment.CurrentSlot, default);
        await page.GotoAsync(env.Page().ToString());
        await CheckAsync("week ended");

        Assert.Equal(6, checkedPages.Count);
    }

    [Fact]
    public async Task A_curator_goes_from_accepting_to_a_posted_tweet_with_the_keyboard_alone()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync((await env.LinkAsync()).ToString());

        await TabToAsync(page, "accept");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForSelectorAsync("#accepted");
        await TabToAsync(page, "text");
        await page.Keyboard.TypeAsync("Skrivet med tangentbordet.");
        await TabToAsync(page, "post");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("?posted=", StringComparison.Ordinal));

        Assert.Equal(["Skrivet med tangentbordet."], env.Tweets());
        // Focus is visible where it lands: the style sheet draws an outline for :focus-visible.
        await TabToAsync(page, "text");
        Assert.NotEqual("none", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
    }

    /// <summary>Presses Tab until the element with <paramref name="id"/> has focus (at most 20 times): the order a keyboard user meets.</summary>
    private static async Task TabToAsync(IPage page, string id)
    {
        for (var i = 0; i < 20; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string?>("() => document.activeElement && document.activeElement.id") == id)
            {
                return;
            }
        }
        Assert.Fail($"#{id} cannot be reached with Tab");
    }
}
