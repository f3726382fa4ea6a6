using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace RotationFunctions.Tests.Portal;

/// <summary>The curator's week in a real browser (Chromium through Playwright) against the portal on Kestrel.</summary>
[Collection(PortalCollection.Name)]
public sealed class PortalBrowserTests(AzuriteFixture azurite, BrowserFixture browser)
{
    private const string Personnummer = "19121212-1212";

    [Fact]
    public async Task Open_accept_a_blocked_personnummer_then_a_post_and_a_double_click_posts_once()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var opened = await page.GotoAsync((await env.LinkAsync()).ToString());

        // The token left the address bar: the page is the portal's home, in the slot's language (sv).
        Assert.Equal(200, opened!.Status);
        Assert.Equal(env.Page().ToString(), page.Url);
        Assert.Equal("sv", await page.GetAttributeAsync("html", "lang"));
        Assert.Contains("Anna Svensson", await page.TextContentAsync("h1"));
        Assert.Equal(0, await page.Locator("#compose").CountAsync());
        var session = Assert.Single(await context.CookiesAsync(), c => c.Name == "__Host-rotation-portal");
        Assert.True(session.HttpOnly);
        Assert.True(session.Secure);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);

        await page.ClickAsync("#accept");
        await page.WaitForSelectorAsync("#accepted");
        var row = await env.SlotRowAsync();
        Assert.Equal(env.Time.GetUtcNow(), row.GetDateTimeOffset("AcceptedAt"));
        Assert.Matches("^[0-9a-f]{16}$", row.GetString("GuidelinesVersion"));
        // Merged, not replaced: the admin's fields are as they were.
        Assert.Equal("anna@example.se", row.GetString("CuratorEmail"));
        Assert.Equal("sjuksköterska på akuten", row.GetString("Role"));

        await page.FillAsync("#text", $"Patienten {Personnummer} mår bra");
        await page.ClickAsync("#post");
        var refusal = await page.Locator("#notice").TextContentAsync();
        Assert.Contains("personnummer", refusal);
        Assert.Contains("tecken 11", refusal);
        Assert.DoesNotContain(Personnummer, await page.ContentAsync());
        Assert.Empty(env.Tweets());
        Assert.Empty(await env.PostRowsAsync());

        const string text = "Hej från akuten! Veckans första inlägg.";
        await page.FillAsync("#text", text);
        await page.ClickAsync("#check");
        Assert.Contains("Längd: 39 av 280", await page.TextContentAsync("#length"));
        await page.DblClickAsync("#post");
        await page.WaitForURLAsync(url => url.Contains("?posted=", StringComparison.Ordinal));
        await page.WaitForSelectorAsync("#posts");

        Assert.Equal([text], env.Tweets());
        var post = Assert.Single(await env.PostRowsAsync());
        Assert.Equal("posted", post.GetString("Status"));
        Assert.Equal(text, post.GetString("Text"));
        Assert.Equal("Anna Svensson", post.GetString("CuratorName"));
        Assert.False(string.IsNullOrEmpty(post.GetString("TweetId")));
        Assert.Contains(text, await page.TextContentAsync("#posts"));
        Assert.Equal(1, env.X.GetRequestCount("POST", "/2/tweets"));
    }

    [Fact]
    public async Task Two_requests_with_one_post_id_at_once_give_one_tweet()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync((await env.LinkAsync()).ToString());
        var token = await page.GetAttributeAsync("input[name=__rf]", "value");
        var postId = await page.GetAttributeAsync("input[name=postId]", "value");

        // Same cookies as the page, sent as its form would be, twice at the same moment.
        var form = () => context.APIRequest.PostAsync(env.Page("post").ToString(), new APIRequestContextOptions
        {
            Form = context.APIRequest.CreateFormData().Set("__rf", token!).Set("postId", postId!).Set("text", "Ett inlägg, en gång."),
            Headers = new Dictionary<string, string> { ["Origin"] = env.Server.BaseAddress.GetLeftPart(UriPartial.Authority) },
            MaxRedirects = 0,
        });
        var answers = await Task.WhenAll(form(), form());

        Assert.Contains(answers, a => a.Status == 303);
        Assert.Equal(["Ett inlägg, en gång."], env.Tweets());
        Assert.Single(await env.PostRowsAsync());
    }

    [Fact]
    public async Task A_link_clicked_on_a_page_of_another_origin_still_signs_in()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var link = await env.LinkAsync();
        // A web mail client on its own origin: the click is a top-level GET, which SameSite=Lax lets the cookie follow.
        await page.RouteAsync("https://mail.example/**", route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"<!DOCTYPE html><html><body><a id=\"link\" href=\"{link}\">Din länk</a></body></html>",
        }));
        await page.GotoAsync("https://mail.example/inbox");

        await page.ClickAsync("#link");
        await page.WaitForSelectorAsync("#accept");

        Assert.Equal(env.Page().ToString(), page.Url);
    }

    [Fact]
    public async Task A_curators_week_accept_compose_post_with_an_image_reply_to_a_mention_and_delete_with_screenshots()
    {
        const string lisa = "1600000000000000001";
        await using var env = await PortalEnvironment.StartAsync(azurite);
        await env.GrantMediaWriteAsync();
        env.X.AddUser(lisa, "Lisa L", "lisa_l");
        var mention = env.X.AddPost(lisa, "@Sodersjukhuset hur är läget på akuten i kväll?");
        // axe is injected as a script, which the portal's CSP forbids: this context bypasses it to look.
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 360, Height = 800 },
            BypassCSP = true,
        });
        var page = await context.NewPageAsync();
        var shots = Screenshots();

        await page.GotoAsync((await env.LinkAsync()).ToString());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "01-guidelines.png"), FullPage = true });
        await page.ClickAsync("#accept");
        await page.WaitForSelectorAsync("#compose");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "02-compose.png"), FullPage = true });
        var axe = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}"));
        Assert.Equal(360, await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"));

        await page.FillAsync("#text", "Kvällens bild från akuten.");
        await page.SetInputFilesAsync("#image1", new FilePayload { Name = "akuten.png", MimeType = "image/png", Buffer = PortalImageTests.Png });
        await page.FillAsync("#alt1", "Akutens entré i kvällsljus, inga människor.");
        await page.CheckAsync("#nobodyIdentifiable");
        await page.ClickAsync("#post");
        await page.WaitForURLAsync(url => url.Contains("?posted=", StringComparison.Ordinal));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "03-posted-with-image.png"), FullPage = true });

        await page.FillAsync($"#reply-{mention.Id}", "Lugnt just nu, tack för att du frågar!");
        await page.Locator("form.reply", new PageLocatorOptions { Has = page.Locator($"#reply-{mention.Id}") }).Locator("button").ClickAsync();
        await page.WaitForSelectorAsync("#posts li:has-text(\"Lugnt just nu\")");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "04-replied.png"), FullPage = true });

        await page.Locator("#posts li", new PageLocatorOptions { HasText = "Kvällens bild" }).Locator("button.delete").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("?deleted=", StringComparison.Ordinal));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "05-deleted.png"), FullPage = true });

        var tweets = env.X.GetTweets(PortalEnvironment.UserId);
        Assert.Equal(2, tweets.Count);
        var imagePost = tweets.Single(t => t.Text == "Kvällens bild från akuten.");
        Assert.True(imagePost.Deleted);
        Assert.Equal("Akutens entré i kvällsljus, inga människor.", env.X.GetAltText(Assert.Single(imagePost.MediaIds!)));
        Assert.Equal(mention.Id, tweets.Single(t => !t.Deleted).InReplyToTweetId);
        var rows = await env.PostRowsAsync();
        Assert.Equal(["deleted", "posted"], rows.Select(r => r.GetString("Status")).Order());
        Assert.All(["01-guidelines", "02-compose", "03-posted-with-image", "04-replied", "05-deleted"], name => Assert.True(File.Exists(Path.Combine(shots, name + ".png")), name));
    }

    /// <summary>TestResults/portal at the repository's root (scripts/portal-screenshots.sh copies them to docs/portal).</summary>
    private static string Screenshots()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RotationFunctions.sln")))
        {
            dir = dir.Parent;
        }
        var path = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "portal");
        Directory.CreateDirectory(path);
        return path;
    }
}
