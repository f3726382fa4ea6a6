using Microsoft.Playwright;
using RotationFunctions.Tests.Handover;

namespace RotationFunctions.Tests.Portal;

/// <summary>
/// Issue 14: a curator deletes their own post from the portal, and an admin takes any of the account's
/// tweets down with `rotation post delete`, the reason kept in the Posts audit.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalDeleteTests(AzuriteFixture azurite, BrowserFixture browser)
{
    [Fact]
    public async Task A_curator_deletes_their_own_post_and_the_audit_keeps_who_and_when()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync((await env.LinkAsync()).ToString());
        await page.FillAsync("#text", "Ett inlägg jag ångrar.");
        await page.ClickAsync("#post");
        await page.WaitForURLAsync(url => url.Contains("?posted=", StringComparison.Ordinal));
        var tweetId = Assert.Single(env.X.GetTweets(PipelineEnvironment.UserId)).Id;
        env.Time.Advance(TimeSpan.FromMinutes(5));

        await page.ClickAsync("#posts button.delete");
        await page.WaitForURLAsync(url => url.Contains("?deleted=", StringComparison.Ordinal));

        Assert.Empty(env.Tweets());
        Assert.True(env.X.GetTweets(PipelineEnvironment.UserId).Single(t => t.Id == tweetId).Deleted);
        var row = Assert.Single(await env.PostRowsAsync());
        Assert.Equal("deleted", row.GetString("Status"));
        Assert.Equal("curator", row.GetString("DeletedBy"));
        Assert.Equal(env.Time.GetUtcNow(), row.GetDateTimeOffset("DeletedAt"));
        // The audit keeps what was posted, and the page says it is gone with nothing left to delete.
        Assert.Equal("Ett inlägg jag ångrar.", row.GetString("Text"));
        Assert.Contains("borttaget", await page.TextContentAsync("#posts"));
        Assert.Equal(0, await page.Locator("#posts button.delete").CountAsync());
    }

    [Fact]
    public async Task A_forged_delete_of_another_curators_post_is_refused_and_the_tweet_stays()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true);
        // A post of the next slot's curator, in the same account's Posts partition.
        var published = await env.Server.Services.GetRequiredService<ITweetPublisher>().PublishAsync(PortalEnvironment.AccountId, "Ahmeds inlägg.", default);
        var theirs = Guid.NewGuid().ToString("N");
        await env.PostsTable.AddEntityAsync(new TableEntity(PortalEnvironment.AccountId, theirs)
        {
            ["Slot"] = PortalEnvironment.NextSlot, ["CuratorName"] = "Ahmed Yusuf", ["Text"] = "Ahmeds inlägg.",
            ["Status"] = "posted", ["TweetId"] = published.TweetId, ["ClaimedAt"] = env.Time.GetUtcNow(),
        });
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync((await env.LinkAsync()).ToString());
        var token = await page.GetAttributeAsync("input[name=__rf]", "value");

        var forged = await context.APIRequest.PostAsync(env.Page("delete").ToString(), new APIRequestContextOptions
        {
            Form = context.APIRequest.CreateFormData().Set("__rf", token!).Set("postId", theirs),
            Headers = new Dictionary<string, string> { ["Origin"] = env.Server.BaseAddress.GetLeftPart(UriPartial.Authority) },
            MaxRedirects = 0,
        });

        Assert.Equal(404, forged.Status);
        Assert.Equal(["Ahmeds inlägg."], env.Tweets());
        Assert.Equal("posted", (await env.PostsTable.GetEntityAsync<TableEntity>(PortalEnvironment.AccountId, theirs)).Value.GetString("Status"));
    }

    [Fact]
    public async Task An_admin_takes_a_tweet_down_with_a_reason_that_the_audit_keeps()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true);
        var outcome = await env.Portal.PostAsync((await env.Portal.ResolveAsync((await env.Portal.IssueAsync(PortalEnvironment.AccountId, PortalEnvironment.CurrentSlot, false, default))!, default)).Slot!,
            Guid.NewGuid().ToString("N"), "Ett inlägg som bröt mot riktlinjerna.", default);
        // An intro posted by the handover: no Posts row of its own.
        var intro = await env.Server.Services.GetRequiredService<ITweetPublisher>().PublishAsync(PortalEnvironment.AccountId, "Hej! Jag heter Anna.", default);

        var portalPost = await env.RunCliAsync("post", "delete", "--account", PortalEnvironment.AccountId, "--tweet", outcome.TweetId!, "--reason", "patientuppgift");
        var handoverTweet = await env.RunCliAsync("post", "delete", "--account", PortalEnvironment.AccountId, "--tweet", intro.TweetId!, "--reason", "fel namn");
        var again = await env.RunCliAsync("post", "delete", "--account", PortalEnvironment.AccountId, "--tweet", intro.TweetId!, "--reason", "fel namn");
        var noReason = await env.RunCliAsync("post", "delete", "--account", PortalEnvironment.AccountId, "--tweet", intro.TweetId!);

        Assert.True(portalPost.Exit == 0, portalPost.Error);
        Assert.True(handoverTweet.Exit == 0, handoverTweet.Error);
        Assert.Empty(env.Tweets());
        var rows = await env.PostRowsAsync();
        var audited = rows.Single(r => r.GetString("TweetId") == outcome.TweetId);
        Assert.Equal(("deleted", "admin", "patientuppgift"), (audited.GetString("Status"), audited.GetString("DeletedBy"), audited.GetString("DeletionReason")));
        var takedown = rows.Single(r => r.GetString("TweetId") == intro.TweetId);
        Assert.Equal(("deleted", "admin", "fel namn"), (takedown.GetString("Status"), takedown.GetString("DeletedBy"), takedown.GetString("DeletionReason")));
        // Already gone: said so, and nothing changes.
        Assert.Equal(1, again.Exit);
        Assert.Contains("already deleted", again.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, noReason.Exit);
        Assert.Contains("--reason", noReason.Error, StringComparison.Ordinal);
    }
}
