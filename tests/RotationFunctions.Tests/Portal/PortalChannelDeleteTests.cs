using Microsoft.Playwright;
using RotationFunctions.Channels;
using RotationFunctions.StandIns.Common;
using Network = RotationFunctions.Schedule.Channel;

namespace RotationFunctions.Tests.Portal;

/// <summary>
/// Issue 17: a curator's delete takes their post down on every network it was posted to (X, Bluesky, Mastodon on their
/// stand-ins), each Posts row marked with who and when; one network down holds no other, the page names it, and the same
/// delete later finishes it; a forged post id of another slot deletes nothing; an admin takes a Bluesky or Mastodon post
/// down with `rotation post delete --channel`.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalChannelDeleteTests(AzuriteFixture azurite, BrowserFixture browser)
{
    private const string Text = "Ett inlägg jag ångrar.";

    private static Task<PortalEnvironment> StartAsync(AzuriteFixture azurite) =>
        PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true, channels: true);

    private static async Task<IPage> PostEverywhereAsync(PortalEnvironment env, IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync((await env.LinkAsync()).ToString());
        await page.FillAsync("#text", Text);
        await page.ClickAsync("#post");
        await page.WaitForURLAsync(url => url.Contains("?posted=", StringComparison.Ordinal));
        return page;
    }

    private static async Task<(int Status, string Body)> DeleteAsync(PortalEnvironment env, IBrowserContext context, IPage page, string postId)
    {
        var token = await page.GetAttributeAsync("input[name=__rf]", "value");
        return await PortalForms.PostAsync(context, env, context.APIRequest.CreateFormData().Set("__rf", token!).Set("postId", postId), multipart: false, path: "delete");
    }

    [Fact]
    public async Task A_post_made_on_three_networks_is_deleted_on_each_with_one_button_and_each_row_says_who_and_when()
    {
        await using var env = await StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await PostEverywhereAsync(env, context);
        env.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await page.Locator("#posts button.delete").CountAsync());

        await page.ClickAsync("#posts button.delete");
        await page.WaitForURLAsync(url => url.Contains("?deleted=", StringComparison.Ordinal));

        Assert.Empty(env.Tweets());
        Assert.Empty(env.Bluesky!.GetPosts(PortalEnvironment.BlueskyDid));
        Assert.Equal(Text, Assert.Single(env.Bluesky.GetDeletedPosts(PortalEnvironment.BlueskyDid)).Text);
        Assert.Empty(env.Mastodon!.GetStatuses(PortalEnvironment.MastodonAccountId));
        Assert.Equal(Text, Assert.Single(env.Mastodon.GetDeletedStatuses(PortalEnvironment.MastodonAccountId)).Text);
        var rows = await env.PostRowsAsync();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(("deleted", "curator", env.Time.GetUtcNow()), (r.GetString("Status"), r.GetString("DeletedBy"), r.GetDateTimeOffset("DeletedAt"))));
        Assert.Equal("Inlägget är borttaget från alla nätverk där det publicerades.", (await page.TextContentAsync(".notice"))?.Trim());
        Assert.Equal(0, await page.Locator("#posts button.delete").CountAsync());
    }

    [Fact]
    public async Task Mastodon_down_holds_neither_X_nor_Bluesky_the_page_names_it_and_the_same_delete_later_finishes_only_there()
    {
        await using var env = await StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await PostEverywhereAsync(env, context);
        var rows = (await env.PostRowsAsync()).ToDictionary(r => r.GetString("Channel") ?? "X");
        var postId = rows["X"].RowKey;
        var tweetId = rows["X"].GetString("TweetId");
        env.Mastodon!.InjectFault(Fault.ServiceUnavailable(), count: 1, method: "DELETE", path: "/api/v1/statuses/" + rows["Mastodon"].GetString("TweetId"));

        var (status, body) = await DeleteAsync(env, context, page, postId);

        Assert.Equal(503, status);
        Assert.Contains("Borttaget från X och Bluesky. Mastodon tog inte bort inlägget; det kan finnas kvar där.", body, StringComparison.Ordinal);
        Assert.Empty(env.Tweets());
        Assert.Empty(env.Bluesky!.GetPosts(PortalEnvironment.BlueskyDid));
        Assert.Equal([Text], env.Mastodon.GetStatuses(PortalEnvironment.MastodonAccountId).Select(s => s.Text));
        var after = (await env.PostRowsAsync()).ToDictionary(r => r.GetString("Channel") ?? "X", r => r.GetString("Status"));
        Assert.Equal(("deleted", "deleted", "posted"), (after["X"], after["Bluesky"], after["Mastodon"]));

        var again = await DeleteAsync(env, context, page, postId);

        Assert.Equal(303, again.Status);
        Assert.Empty(env.Mastodon.GetStatuses(PortalEnvironment.MastodonAccountId));
        Assert.All(await env.PostRowsAsync(), r => Assert.Equal("deleted", r.GetString("Status")));
        // What was already gone is not asked for again.
        Assert.Equal(1, env.X.GetRequestCount("DELETE", $"/2/tweets/{tweetId}"));
        Assert.Equal(1, env.Bluesky.GetRequestCount("com.atproto.repo.deleteRecord"));
    }

    [Fact]
    public async Task A_forged_post_id_of_another_slots_post_on_three_networks_deletes_nothing_anywhere()
    {
        await using var env = await StartAsync(azurite);
        var now = env.Time.GetUtcNow();
        var publishers = env.Server.Services.GetRequiredService<ChannelPublishers>();
        var post = new ChannelPost(PortalEnvironment.AccountId, "Ahmeds inlägg.", now, "next-slot-post", now, 1);
        var onBluesky = await publishers.Get(Network.Bluesky)!.PublishAsync(post, default);
        var onMastodon = await publishers.Get(Network.Mastodon)!.PublishAsync(post, default);
        var onX = await env.Server.Services.GetRequiredService<ITweetPublisher>().PublishAsync(PortalEnvironment.AccountId, "Ahmeds inlägg.", default);
        var theirs = Guid.NewGuid().ToString("N");
        foreach (var (rowKey, channel, id) in new[] { (theirs, (string?)null, onX.TweetId), ($"{theirs}-bluesky", "Bluesky", onBluesky.TweetId), ($"{theirs}-mastodon", "Mastodon", onMastodon.TweetId) })
        {
            await env.PostsTable.AddEntityAsync(new TableEntity(PortalEnvironment.AccountId, rowKey)
            {
                ["Slot"] = PortalEnvironment.NextSlot, ["CuratorName"] = "Ahmed Yusuf", ["Text"] = "Ahmeds inlägg.", ["Status"] = "posted",
                ["TweetId"] = id, ["ClaimedAt"] = now, ["Channel"] = channel, ["PostId"] = channel is null ? null : theirs,
            });
        }
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync((await env.LinkAsync()).ToString());

        var (status, _) = await DeleteAsync(env, context, page, theirs);

        Assert.Equal(404, status);
        Assert.Equal(["Ahmeds inlägg."], env.Tweets());
        Assert.Single(env.Bluesky!.GetPosts(PortalEnvironment.BlueskyDid));
        Assert.Single(env.Mastodon!.GetStatuses(PortalEnvironment.MastodonAccountId));
        Assert.Equal(0, env.Bluesky.GetRequestCount("com.atproto.repo.deleteRecord"));
        Assert.All(await env.PostRowsAsync(), r => Assert.Equal("posted", r.GetString("Status")));
    }

    [Fact]
    public async Task An_admin_takes_a_Bluesky_and_a_Mastodon_post_down_with_a_reason_and_again_is_told_it_is_gone()
    {
        await using var env = await StartAsync(azurite);
        var now = env.Time.GetUtcNow();
        var publishers = env.Server.Services.GetRequiredService<ChannelPublishers>();
        // A handover's intro: no Posts row of its own.
        var post = new ChannelPost(PortalEnvironment.AccountId, "Hej! Jag heter Anna.", now, "intro", now, 1);
        var uri = (await publishers.Get(Network.Bluesky)!.PublishAsync(post, default)).TweetId!;
        var statusId = (await publishers.Get(Network.Mastodon)!.PublishAsync(post, default)).TweetId!;
        string[] bluesky = ["--channel", "Bluesky", "--bluesky-service", env.Bluesky!.BaseAddress.ToString()];

        var onBluesky = await env.RunCliAsync([.. (string[])["post", "delete", "--account", PortalEnvironment.AccountId, "--tweet", uri, "--reason", "fel namn"], .. bluesky]);
        var onMastodon = await env.RunCliAsync("post", "delete", "--account", PortalEnvironment.AccountId, "--post", statusId, "--channel", "Mastodon", "--reason", "fel namn");
        var again = await env.RunCliAsync("post", "delete", "--account", PortalEnvironment.AccountId, "--post", statusId, "--channel", "Mastodon", "--reason", "fel namn");
        var notAUri = await env.RunCliAsync([.. (string[])["post", "delete", "--account", PortalEnvironment.AccountId, "--tweet", "123", "--reason", "fel namn"], .. bluesky]);

        Assert.True(onBluesky.Exit == 0, onBluesky.Error);
        Assert.True(onMastodon.Exit == 0, onMastodon.Error);
        Assert.Empty(env.Bluesky.GetPosts(PortalEnvironment.BlueskyDid));
        Assert.Empty(env.Mastodon!.GetStatuses(PortalEnvironment.MastodonAccountId));
        var rows = await env.PostRowsAsync();
        Assert.Equal(("deleted", "admin", "fel namn", "Bluesky"), Audit(rows.Single(r => r.GetString("TweetId") == uri)));
        Assert.Equal(("deleted", "admin", "fel namn", "Mastodon"), Audit(rows.Single(r => r.GetString("TweetId") == statusId)));
        Assert.Equal(1, again.Exit);
        Assert.Contains("already deleted", again.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, notAUri.Exit);
        Assert.Contains("at:// uri", notAUri.Error, StringComparison.Ordinal);
        Assert.Equal(0, env.X.GetRequestCount("DELETE", $"/2/tweets/{statusId}"));
    }

    private static (string?, string?, string?, string?) Audit(TableEntity row) =>
        (row.GetString("Status"), row.GetString("DeletedBy"), row.GetString("DeletionReason"), row.GetString("Channel"));
}
