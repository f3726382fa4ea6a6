using Microsoft.Playwright;

namespace RotationFunctions.Tests.Portal;

/// <summary>The account's mentions on the compose page (read from X at most once per cache period) and replies to them, once.</summary>
[Collection(PortalCollection.Name)]
public sealed class PortalMentionsTests(AzuriteFixture azurite, BrowserFixture browser)
{
    private const string LisaId = "1600000000000000001";
    private const string MentionsPath = $"/2/users/{PortalEnvironment.UserId}/mentions";

    [Fact]
    public async Task Mentions_since_the_slot_began_are_shown_read_from_X_once_per_cache_period_and_a_double_clicked_reply_posts_once()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite, now: PortalEnvironment.SlotStart.AddMinutes(-10), currentSlot: s => s["Approved"] = true);
        env.X.AddUser(LisaId, "Lisa L", "lisa_l");
        env.X.AddPost(LisaId, "@Sodersjukhuset före veckan");
        env.Time.Advance(TimeSpan.FromHours(2));
        var mention = env.X.AddPost(LisaId, "@Sodersjukhuset tack för idag!");
        env.X.AddPost(LisaId, "En fin dag utan omnämnande");
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync((await env.LinkAsync()).ToString());
        var shown = await page.TextContentAsync("#mentions");
        await page.ReloadAsync();

        Assert.Contains("@lisa_l", shown);
        Assert.Contains("tack för idag!", shown);
        Assert.DoesNotContain("före veckan", shown);
        Assert.DoesNotContain("utan omnämnande", shown);
        // Reads are billed: the reload is served from the shared cache.
        Assert.Equal(1, env.X.GetRequestCount("GET", MentionsPath));

        env.Time.Advance(TimeSpan.FromMinutes(3));
        env.X.AddPost(LisaId, "@Sodersjukhuset en fråga till");
        await page.ReloadAsync();
        Assert.Equal(2, env.X.GetRequestCount("GET", MentionsPath));
        Assert.Contains("en fråga till", await page.TextContentAsync("#mentions"));
        Assert.Contains("tack för idag!", await page.TextContentAsync("#mentions"));

        await page.FillAsync($"#reply-{mention.Id}", "Tack själv, Lisa!");
        await page.Locator("form.reply", new PageLocatorOptions { Has = page.Locator($"#reply-{mention.Id}") }).Locator("button").DblClickAsync();
        await page.WaitForURLAsync(url => url.Contains("?posted=", StringComparison.Ordinal));

        var reply = Assert.Single(env.X.GetTweets(PortalEnvironment.UserId));
        Assert.Equal(("Tack själv, Lisa!", mention.Id), (reply.Text, reply.InReplyToTweetId));
        var row = Assert.Single(await env.PostRowsAsync());
        Assert.Equal(("posted", mention.Id, reply.Id), (row.GetString("Status"), row.GetString("InReplyToTweetId"), row.GetString("TweetId")));
        Assert.Equal(1, env.X.GetRequestCount("POST", "/2/tweets"));
    }

    [Fact]
    public async Task A_reply_to_a_post_that_does_not_mention_the_account_is_refused_by_X_and_the_page_says_why()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true);
        env.X.AddUser(LisaId, "Lisa L", "lisa_l");
        var stranger = env.X.AddPost(LisaId, "Ett inlägg som inte nämner kontot");
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync((await env.LinkAsync()).ToString());
        var token = await page.GetAttributeAsync("input[name=__rf]", "value");

        var answer = await context.APIRequest.PostAsync(env.Page("post").ToString(), new APIRequestContextOptions
        {
            Form = context.APIRequest.CreateFormData().Set("__rf", token!).Set("postId", Guid.NewGuid().ToString("N"))
                .Set("replyTo", stranger.Id).Set("text", "Hej Lisa!"),
            Headers = new Dictionary<string, string> { ["Origin"] = env.Server.BaseAddress.GetLeftPart(UriPartial.Authority) },
            MaxRedirects = 0,
        });

        Assert.Equal(422, answer.Status);
        Assert.Contains("X tillåter bara svar på inlägg där författaren har nämnt kontot", await answer.TextAsync());
        Assert.Empty(env.X.GetTweets(PortalEnvironment.UserId));
        Assert.Equal("failed", Assert.Single(await env.PostRowsAsync()).GetString("Status"));
    }
}
