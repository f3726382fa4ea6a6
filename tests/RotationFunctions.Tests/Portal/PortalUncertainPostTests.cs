using Microsoft.Playwright;

namespace RotationFunctions.Tests.Portal;

/// <summary>
/// A portal post whose answer was lost after X may have made it: the retry looks on the account's timeline first (once
/// the timeline would show it), as the handover steps do, so it never posts twice.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalUncertainPostTests(AzuriteFixture azurite, BrowserFixture browser)
{
    private const string Text = "Akuten har lugnt i kväll.";

    [Fact]
    public async Task A_post_accepted_by_X_whose_answer_was_dropped_is_looked_up_before_the_retry_and_posted_once()
    {
        // The worst case X allows: no duplicate check to catch a second copy, and a timeline that lists a post late.
        var lag = TimeSpan.FromSeconds(20);
        await using var env = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true,
            settings: new Dictionary<string, string?> { ["X:TimelineLag"] = "00:00:30" },
            x: new XApiStandInOptions { DuplicateWindow = TimeSpan.Zero, TimelineLag = lag });
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync((await env.LinkAsync()).ToString());
        var token = await page.GetAttributeAsync("input[name=__rf]", "value");
        var postId = Guid.NewGuid().ToString("N");
        Task<IAPIResponse> PostAsync() => context.APIRequest.PostAsync(env.Page("post").ToString(), new APIRequestContextOptions
        {
            Form = context.APIRequest.CreateFormData().Set("__rf", token!).Set("postId", postId).Set("text", Text),
            Headers = new Dictionary<string, string> { ["Origin"] = env.Server.BaseAddress.GetLeftPart(UriPartial.Authority) },
            MaxRedirects = 0,
        });
        env.X.InjectFault(Fault.DropConnection(), method: "POST", path: "/2/tweets", timing: FaultTiming.AfterApplying);

        var lost = await PostAsync();
        var tooSoon = await PostAsync();
        env.Time.Advance(TimeSpan.FromSeconds(31));
        var retried = await PostAsync();

        Assert.Equal(503, lost.Status);
        // X's timeline may not list the post yet: the retry does not post, and says when to come back.
        Assert.Equal(503, tooSoon.Status);
        Assert.NotNull(tooSoon.Headers.GetValueOrDefault("retry-after"));
        Assert.Equal(303, retried.Status);
        var tweet = Assert.Single(env.X.GetTweets(PortalEnvironment.UserId));
        Assert.Equal(Text, tweet.Text);
        Assert.Equal(1, env.X.GetRequestCount("POST", "/2/tweets"));
        var row = Assert.Single(await env.PostRowsAsync());
        Assert.Equal(("posted", tweet.Id), (row.GetString("Status"), row.GetString("TweetId")));
    }

    [Fact]
    public async Task A_post_X_never_made_is_posted_by_the_retry_after_the_lookup_finds_nothing()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true,
            settings: new Dictionary<string, string?> { ["X:TimelineLag"] = "00:00:30" },
            x: new XApiStandInOptions { DuplicateWindow = TimeSpan.Zero });
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync((await env.LinkAsync()).ToString());
        var token = await page.GetAttributeAsync("input[name=__rf]", "value");
        var postId = Guid.NewGuid().ToString("N");
        Task<IAPIResponse> PostAsync() => context.APIRequest.PostAsync(env.Page("post").ToString(), new APIRequestContextOptions
        {
            Form = context.APIRequest.CreateFormData().Set("__rf", token!).Set("postId", postId).Set("text", Text),
            Headers = new Dictionary<string, string> { ["Origin"] = env.Server.BaseAddress.GetLeftPart(UriPartial.Authority) },
            MaxRedirects = 0,
        });
        // Dropped before X handled it: nothing made, but the portal cannot know that.
        env.X.InjectFault(Fault.DropConnection(), method: "POST", path: "/2/tweets");

        var lost = await PostAsync();
        env.Time.Advance(TimeSpan.FromSeconds(31));
        var retried = await PostAsync();

        Assert.Equal(503, lost.Status);
        Assert.Equal(303, retried.Status);
        Assert.Equal([Text], env.Tweets());
        Assert.Equal(2, env.X.GetRequestCount("POST", "/2/tweets"));
    }

    [Fact]
    public async Task A_claim_whose_request_died_after_X_made_the_post_is_found_on_X_by_the_retry_and_not_posted_again()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true,
            settings: new Dictionary<string, string?> { ["X:TimelineLag"] = "00:00:30" },
            x: new XApiStandInOptions { DuplicateWindow = TimeSpan.Zero });
        var postId = Guid.NewGuid().ToString("N");
        // The worker claimed the post, X made it, and the worker died before recording it.
        var made = await env.Server.Services.GetRequiredService<ITweetPublisher>().PublishAsync(PortalEnvironment.AccountId, Text, default);
        await env.PostsTable.AddEntityAsync(new TableEntity(PortalEnvironment.AccountId, postId)
        {
            ["Slot"] = PortalEnvironment.CurrentSlot,
            ["CuratorName"] = "Anna Svensson",
            ["Text"] = Text,
            ["Status"] = "claimed",
            ["ClaimedAt"] = env.Time.GetUtcNow(),
            ["AttemptedAt"] = env.Time.GetUtcNow(),
        });
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync((await env.LinkAsync()).ToString());
        var token = await page.GetAttributeAsync("input[name=__rf]", "value");
        Task<IAPIResponse> PostAsync() => context.APIRequest.PostAsync(env.Page("post").ToString(), new APIRequestContextOptions
        {
            Form = context.APIRequest.CreateFormData().Set("__rf", token!).Set("postId", postId).Set("text", Text),
            Headers = new Dictionary<string, string> { ["Origin"] = env.Server.BaseAddress.GetLeftPart(UriPartial.Authority) },
            MaxRedirects = 0,
        });

        var whileClaimed = await PostAsync();
        env.Time.Advance(TimeSpan.FromMinutes(3));
        var retried = await PostAsync();

        Assert.Equal(409, whileClaimed.Status);
        Assert.Equal(303, retried.Status);
        Assert.Equal([Text], env.Tweets());
        Assert.Equal(made.TweetId, Assert.Single(await env.PostRowsAsync()).GetString("TweetId"));
    }
}
