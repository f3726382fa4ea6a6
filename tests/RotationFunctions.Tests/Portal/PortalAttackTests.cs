using Microsoft.Playwright;

namespace RotationFunctions.Tests.Portal;

/// <summary>Issue 14's security promises, each against the running portal in a real browser.</summary>
[Collection(PortalCollection.Name)]
public sealed class PortalAttackTests(AzuriteFixture azurite, BrowserFixture browser)
{
    [Fact]
    public async Task A_form_posted_from_another_origin_is_refused()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync((await env.LinkAsync()).ToString());
        var token = await page.GetAttributeAsync("input[name=__rf]", "value");
        // Even with a real antiforgery token the attacker somehow has: another origin's form is refused.
        await page.RouteAsync("https://evil.example/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"""
                <!DOCTYPE html><html><body>
                <form method="post" action="{env.Page("post")}">
                <input type="hidden" name="__rf" value="{token}">
                <input type="hidden" name="postId" value="{Guid.NewGuid():N}">
                <input type="hidden" name="text" value="Köp billiga klockor!">
                <button id="go" type="submit">Go</button></form></body></html>
                """,
        }));
        await page.GotoAsync("https://evil.example/");

        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync("#go"), r => r.Url.EndsWith("/post", StringComparison.Ordinal));

        Assert.Equal(403, response.Status);
        Assert.Empty(env.Tweets());
        Assert.Empty(await env.PostRowsAsync());
    }

    [Fact]
    public async Task A_missing_or_stale_antiforgery_token_is_a_400()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true);
        await using var other = await browser.Browser.NewContextAsync();
        var otherPage = await other.NewPageAsync();
        await otherPage.GotoAsync((await env.LinkAsync()).ToString());
        var staleToken = await otherPage.GetAttributeAsync("input[name=__rf]", "value");

        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync((await env.LinkAsync()).ToString());
        var origin = new Dictionary<string, string> { ["Origin"] = env.Server.BaseAddress.GetLeftPart(UriPartial.Authority) };
        var postId = Guid.NewGuid().ToString("N");

        var missing = await context.APIRequest.PostAsync(env.Page("post").ToString(), new APIRequestContextOptions
        {
            Form = context.APIRequest.CreateFormData().Set("postId", postId).Set("text", "Hej"),
            Headers = origin,
            MaxRedirects = 0,
        });
        var stale = await context.APIRequest.PostAsync(env.Page("accept").ToString(), new APIRequestContextOptions
        {
            Form = context.APIRequest.CreateFormData().Set("__rf", staleToken!),
            Headers = origin,
            MaxRedirects = 0,
        });

        Assert.Equal(400, missing.Status);
        Assert.Equal(400, stale.Status);
        Assert.Empty(env.Tweets());
        Assert.Null((await env.SlotRowAsync()).GetDateTimeOffset("AcceptedAt"));
    }

    [Fact]
    public async Task A_curator_named_script_is_shown_as_text_with_no_dialog_and_no_CSP_violation()
    {
        const string name = "<script>alert(1)</script>";
        await using var env = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["CuratorName"] = name);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);

        var response = await page.GotoAsync((await env.LinkAsync()).ToString());

        Assert.Contains(name, await page.TextContentAsync("h1"));
        Assert.Equal(0, dialogs);
        Assert.DoesNotContain(console, m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'", await response!.HeaderValueAsync("content-security-policy"));
        Assert.Equal(0, await page.Locator("script").CountAsync());
    }

    [Fact]
    public async Task A_guessed_link_is_a_neutral_404_and_sets_no_cookie()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var link = (await env.LinkAsync()).ToString();
        var guessed = link[..^1] + (link[^1] == 'A' ? 'B' : 'A');

        var answers = new[]
        {
            await page.GotoAsync(guessed),
            await page.GotoAsync(link.Replace("/2027-01-04/", "/2027-01-11/", StringComparison.Ordinal)),
            await page.GotoAsync(link.Replace("/sos/", "/other/", StringComparison.Ordinal)),
            await page.GotoAsync(link.Replace("/1/", "/2/", StringComparison.Ordinal)),
            await page.GotoAsync(env.Page().ToString()),
        };

        Assert.All(answers, a => Assert.Equal(404, a!.Status));
        Assert.Empty(await context.CookiesAsync());
        Assert.Contains("Page not found", await page.TextContentAsync("h1"));
    }

    [Fact]
    public async Task A_revoked_or_reissued_link_and_its_session_show_that_the_week_has_ended()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var first = (await env.LinkAsync()).ToString();
        await page.GotoAsync(first);

        var reissued = (await env.LinkAsync(renew: true)).ToString();
        var home = await page.GotoAsync(env.Page().ToString());
        var old = await page.GotoAsync(first);

        Assert.Equal(410, home!.Status);
        Assert.Equal(410, old!.Status);
        Assert.Contains("Din vecka är slut", await page.TextContentAsync("h1"));

        Assert.Equal(200, (await page.GotoAsync(reissued))!.Status);
        await env.Portal.RevokeAsync(PortalEnvironment.AccountId, PortalEnvironment.CurrentSlot, default);
        Assert.Equal(410, (await page.GotoAsync(env.Page().ToString()))!.Status);
        Assert.Equal(410, (await page.GotoAsync(reissued))!.Status);
    }

    [Fact]
    public async Task A_link_past_its_window_shows_that_the_week_has_ended()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var link = (await env.LinkAsync()).ToString();
        // The slot ends when the next starts (2027-01-11 08:00 local = 07:00Z); posting is open for an hour more.
        env.Time.Advance(new DateTimeOffset(2027, 1, 11, 7, 59, 0, TimeSpan.Zero) - env.Time.GetUtcNow());
        Assert.Equal(200, (await page.GotoAsync(link))!.Status);

        env.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(410, (await page.GotoAsync(link))!.Status);
        Assert.Equal(410, (await page.GotoAsync(env.Page().ToString()))!.Status);
    }

    [Fact]
    public async Task No_token_cookie_or_finding_reaches_a_log()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var link = await env.LinkAsync();
        await page.GotoAsync(link.ToString());
        await page.FillAsync("#text", "Ring 070-123 45 67 eller 19121212-1212");
        await page.ClickAsync("#post");
        await page.FillAsync("#text", "Ett vanligt inlägg.");
        await page.ClickAsync("#post");
        await page.WaitForURLAsync(url => url.Contains("?posted=", StringComparison.Ordinal));
        await page.GotoAsync(link.ToString()[..^2] + "xx");

        var token = link.Segments[^1];
        var cookies = (await context.CookiesAsync()).Select(c => c.Value).ToList();
        var records = env.Logs.GetSnapshot();
        Assert.NotEmpty(records);
        foreach (var record in records)
        {
            var text = $"{record.Message} {record.Exception} {string.Join(' ', record.StructuredState?.Select(p => p.Value) ?? [])}";
            Assert.DoesNotContain(token, text, StringComparison.Ordinal);
            Assert.DoesNotContain("070-123", text, StringComparison.Ordinal);
            Assert.DoesNotContain("19121212", text, StringComparison.Ordinal);
            Assert.All(cookies, c => Assert.DoesNotContain(c, text, StringComparison.Ordinal));
        }
        Assert.Contains(records, r => r.Id.Name == "PortalPostBlocked");
        Assert.Contains(records, r => r.Id.Name == "PortalPostPosted");
        Assert.Contains(records, r => r.Id.Name == "PortalLinkRejected");
    }
}
