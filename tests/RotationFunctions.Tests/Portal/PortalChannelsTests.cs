using Microsoft.Playwright;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.Tests.Portal;

/// <summary>
/// Issue 17, deliver 3: the portal posts on the channels the curator ticks (X, Bluesky and Mastodon here, on their
/// stand-ins), once on each, each recorded in its own Posts row; one channel down holds no other and the page says
/// which; the same form again posts nowhere twice; a channel the account does not post on is refused before any post.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalChannelsTests(AzuriteFixture azurite, BrowserFixture browser)
{
    private const string Text = "Akuten har lugnt i kväll.";

    private sealed record Client(PortalEnvironment Env, IBrowserContext Context, string Token)
    {
        public async Task<(int Status, string Body)> PostAsync(string postId, string text, string[]? channels, Func<IFormData, IFormData>? extra = null)
        {
            var form = Context.APIRequest.CreateFormData().Set("__rf", Token).Set("postId", postId).Set("text", text);
            if (channels is not null)
            {
                form = form.Set("channelsOffered", "yes");
                foreach (var channel in channels)
                {
                    form = form.Append("channel", channel);
                }
            }
            form = extra?.Invoke(form) ?? form;
            return await PortalForms.PostAsync(Context, Env, form);
        }
    }

    private async Task<Client> OpenAsync(PortalEnvironment env)
    {
        var (context, _, token) = await PortalForms.OpenAsync(browser, env);
        return new Client(env, context, token);
    }

    private static Task<PortalEnvironment> StartAsync(AzuriteFixture azurite) =>
        PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true, channels: true);

    private static IReadOnlyList<string> BlueskyTexts(PortalEnvironment env) => [.. env.Bluesky!.GetPosts(PortalEnvironment.BlueskyDid).Select(p => p.Text)];

    private static IReadOnlyList<string> MastodonTexts(PortalEnvironment env) => [.. env.Mastodon!.GetStatuses(PortalEnvironment.MastodonAccountId).Select(s => s.Text)];

    [Fact]
    public async Task A_post_ticked_for_three_channels_lands_once_on_each_and_is_recorded_per_channel_with_its_link()
    {
        await using var env = await StartAsync(azurite);
        var client = await OpenAsync(env);
        await using var _ = client.Context;
        var postId = Guid.NewGuid().ToString("N");

        var (status, _) = await client.PostAsync(postId, Text, ["X", "Bluesky", "Mastodon"]);

        Assert.Equal(303, status);
        Assert.Equal([Text], env.Tweets());
        Assert.Equal([Text], BlueskyTexts(env));
        Assert.Equal([Text], MastodonTexts(env));
        var rows = (await env.PostRowsAsync()).ToDictionary(r => r.GetString("Channel"));
        Assert.Equal(["Bluesky", "Mastodon", "X"], rows.Keys.Order());
        Assert.All(rows.Values, r => Assert.Equal("posted", r.GetString("Status")));
        Assert.Equal(postId, rows["X"].RowKey);
        Assert.Equal(postId, rows["Bluesky"].GetString("PostId"));
        Assert.Equal(env.Bluesky!.GetPosts(PortalEnvironment.BlueskyDid)[0].Uri, rows["Bluesky"].GetString("TweetId"));
        Assert.Equal(env.Mastodon!.GetStatuses(PortalEnvironment.MastodonAccountId)[0].Id, rows["Mastodon"].GetString("TweetId"));
        // The curator's list names the channel of each post and links to it there.
        var page = await client.Context.NewPageAsync();
        await page.GotoAsync(env.Page().ToString());
        var bluesky = env.Bluesky.GetPosts(PortalEnvironment.BlueskyDid)[0];
        Assert.Equal($"https://bsky.app/profile/{PortalEnvironment.BlueskyDid}/post/{bluesky.RecordKey}",
            await page.GetAttributeAsync("#posts li[data-channel=Bluesky] a", "href"));
        Assert.EndsWith("/web/statuses/" + rows["Mastodon"].GetString("TweetId"), await page.GetAttributeAsync("#posts li[data-channel=Mastodon] a", "href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_form_sent_twice_at_once_and_again_later_posts_once_on_each_channel()
    {
        await using var env = await StartAsync(azurite);
        var client = await OpenAsync(env);
        await using var _ = client.Context;
        var postId = Guid.NewGuid().ToString("N");
        string[] all = ["X", "Bluesky", "Mastodon"];

        // A double click: two requests of the same form at once; then the back button and the form once more.
        var both = await Task.WhenAll(client.PostAsync(postId, Text, all), client.PostAsync(postId, Text, all));
        var again = await client.PostAsync(postId, Text, all);

        // Each answer says posted, or (while the other request posts on a channel) "being posted now".
        Assert.All(both, r => Assert.Contains(r.Status, (int[])[303, 409]));
        Assert.Equal(303, again.Status);
        Assert.Equal([Text], env.Tweets());
        Assert.Equal([Text], BlueskyTexts(env));
        Assert.Equal([Text], MastodonTexts(env));
        Assert.Equal(1, env.X.GetRequestCount("POST", "/2/tweets"));
        Assert.Equal(3, (await env.PostRowsAsync()).Count);
    }

    [Fact]
    public async Task Mastodon_down_holds_neither_X_nor_Bluesky_the_page_says_which_failed_and_the_same_form_later_posts_only_there()
    {
        await using var env = await StartAsync(azurite);
        var client = await OpenAsync(env);
        await using var _ = client.Context;
        var postId = Guid.NewGuid().ToString("N");
        env.Mastodon!.InjectFault(Fault.ServiceUnavailable(), count: 1, method: "POST", path: "/api/v1/statuses");

        var (status, body) = await client.PostAsync(postId, Text, ["X", "Bluesky", "Mastodon"]);

        Assert.Equal(503, status);
        Assert.Equal([Text], env.Tweets());
        Assert.Equal([Text], BlueskyTexts(env));
        Assert.Empty(MastodonTexts(env));
        // Swedish account: per channel, what happened.
        Assert.Contains("<li data-channel=\"X\" data-result=\"Posted\">X: publicerat", body, StringComparison.Ordinal);
        Assert.Contains("<li data-channel=\"Bluesky\" data-result=\"Posted\">Bluesky: publicerat", body, StringComparison.Ordinal);
        Assert.Contains("<li data-channel=\"Mastodon\" data-result=\"Failed\">Mastodon: misslyckades", body, StringComparison.Ordinal);
        Assert.Equal("failed", (await env.PostRowsAsync()).Single(r => r.GetString("Channel") == "Mastodon").GetString("Status"));

        var retried = await client.PostAsync(postId, Text, ["X", "Bluesky", "Mastodon"]);

        Assert.Equal(303, retried.Status);
        Assert.Equal([Text], env.Tweets());
        Assert.Equal([Text], BlueskyTexts(env));
        Assert.Equal([Text], MastodonTexts(env));
        Assert.All(await env.PostRowsAsync(), r => Assert.Equal("posted", r.GetString("Status")));
    }

    [Fact]
    public async Task A_channel_the_account_does_not_post_on_an_unknown_one_or_none_ticked_is_refused_and_nothing_is_posted()
    {
        // This account posts on X only.
        await using var xOnly = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true);
        var client = await OpenAsync(xOnly);
        await using var _ = client.Context;

        var bluesky = await client.PostAsync(Guid.NewGuid().ToString("N"), Text, ["X", "Bluesky"]);
        var unknown = await client.PostAsync(Guid.NewGuid().ToString("N"), Text, ["Facebook"]);
        var number = await client.PostAsync(Guid.NewGuid().ToString("N"), Text, ["1"]);
        var none = await client.PostAsync(Guid.NewGuid().ToString("N"), Text, []);

        Assert.Equal(400, bluesky.Status);
        Assert.Contains("ett nätverk som kontot inte publicerar på", bluesky.Body, StringComparison.Ordinal);
        Assert.Equal(400, unknown.Status);
        Assert.Equal(400, number.Status);
        Assert.Equal(422, none.Status);
        Assert.Contains("Välj minst ett nätverk", none.Body, StringComparison.Ordinal);
        Assert.Empty(xOnly.Tweets());
        Assert.Empty(await xOnly.PostRowsAsync());
    }

    [Fact]
    public async Task A_text_too_long_for_Bluesky_is_refused_before_any_channel_is_posted()
    {
        await using var env = await StartAsync(azurite);
        var client = await OpenAsync(env);
        await using var _ = client.Context;
        // 320 characters: within Mastodon's 500, over Bluesky's 300 graphemes.
        var text = string.Concat(Enumerable.Repeat("Akuten ", 45)) + "i kväll.";

        var (status, body) = await client.PostAsync(Guid.NewGuid().ToString("N"), text, ["Mastodon", "Bluesky"]);

        Assert.Equal(422, status);
        Assert.Contains("Texten är för lång för Bluesky", body, StringComparison.Ordinal);
        Assert.Empty(MastodonTexts(env));
        Assert.Empty(BlueskyTexts(env));
        Assert.Equal(0, env.Mastodon!.PostRequests);
        Assert.Empty(await env.PostRowsAsync());
    }

    [Fact]
    public async Task An_image_over_Blueskys_million_bytes_with_Bluesky_ticked_is_told_per_image_and_nothing_is_posted()
    {
        await using var env = await StartAsync(azurite);
        await env.GrantMediaWriteAsync();
        var client = await OpenAsync(env);
        await using var _ = client.Context;
        var big = new byte[1_000_001];
        PortalImageTests.Png.CopyTo(big, 0);

        var (status, body) = await client.PostAsync(Guid.NewGuid().ToString("N"), Text, ["X", "Bluesky"], form => form
            .Set("nobodyIdentifiable", "yes")
            .Set("image1", new FilePayload { Name = "liten.png", MimeType = "image/png", Buffer = PortalImageTests.Png }).Set("alt1", "En liten bild.")
            .Set("image2", new FilePayload { Name = "stor.png", MimeType = "image/png", Buffer = big }).Set("alt2", "En stor bild."));

        Assert.Equal(400, status);
        Assert.Contains("Bild 2 är större än 1 000 000 byte, gränsen på Bluesky.", body, StringComparison.Ordinal);
        Assert.Empty(env.Tweets());
        Assert.Empty(BlueskyTexts(env));
        Assert.Empty(await env.PostRowsAsync());
    }

    [Fact]
    public async Task A_Posts_row_from_before_channels_reads_as_X_and_its_form_sent_again_posts_nothing()
    {
        await using var env = await StartAsync(azurite);
        var postId = Guid.NewGuid().ToString("N");
        var made = await env.Server.Services.GetRequiredService<ITweetPublisher>().PublishAsync(PortalEnvironment.AccountId, Text, default);
        // The previous format: no Channel, no PostId.
        await env.PostsTable.AddEntityAsync(new TableEntity(PortalEnvironment.AccountId, postId)
        {
            ["Slot"] = PortalEnvironment.CurrentSlot, ["CuratorName"] = "Anna Svensson", ["Text"] = Text, ["Status"] = "posted",
            ["ClaimedAt"] = env.Time.GetUtcNow(), ["PostedAt"] = env.Time.GetUtcNow(), ["TweetId"] = made.TweetId,
        });
        var client = await OpenAsync(env);
        await using var _ = client.Context;

        // A form from before channels (no boxes): the account's channels, where X already has it.
        var (status, _) = await client.PostAsync(postId, Text, channels: ["X"]);
        var page = await client.Context.NewPageAsync();
        await page.GotoAsync(env.Page().ToString());

        Assert.Equal(303, status);
        Assert.Equal([Text], env.Tweets());
        Assert.Equal(1, env.X.GetRequestCount("POST", "/2/tweets"));
        Assert.Equal(1, await page.Locator("#posts li[data-channel=X]").CountAsync());
    }

    [Fact]
    public async Task Mentions_from_X_Bluesky_and_Mastodon_are_one_list_newest_first_each_naming_its_network_with_markup_shown_as_text()
    {
        await using var env = await StartAsync(azurite);
        var start = PortalEnvironment.SlotStart;
        env.X.AddUser("1600000000000000001", "Lisa L", "lisa_l");
        env.X.AddPost("1600000000000000001", "@Sodersjukhuset tack för idag!");
        env.Bluesky!.AddNotification(PortalEnvironment.BlueskyDid, "did:plc:bo", "bo.bsky.social", "mention", "<script>alert('bsky')</script> hej", start.AddMinutes(30));
        env.Bluesky.AddNotification(PortalEnvironment.BlueskyDid, "did:plc:eva", "eva.bsky.social", "like", "ingen mention", start.AddMinutes(40));
        env.Bluesky.AddNotification(PortalEnvironment.BlueskyDid, "did:plc:old", "old.bsky.social", "mention", "före veckan", start.AddDays(-1));
        env.Mastodon!.AddMention(PortalEnvironment.MastodonAccountId, "kim@mastodon.nu", "<img src=x onerror=alert('masto')> svar", start.AddMinutes(90));
        var client = await OpenAsync(env);
        await using var _ = client.Context;
        var page = await client.Context.NewPageAsync();
        var alerts = 0;
        page.Dialog += (_, dialog) => alerts++;

        var response = await page.GotoAsync(env.Page().ToString());
        var html = await response!.TextAsync();
        var items = await page.Locator("#mentions li.mention").AllAsync();
        var channels = await Task.WhenAll(items.Select(i => i.GetAttributeAsync("data-channel")));
        var texts = await Task.WhenAll(items.Select(i => i.TextContentAsync()));

        // X's mention was made at the environment's now (two hours in): newest, then Mastodon's, then Bluesky's.
        Assert.Equal(["X", "Mastodon", "Bluesky"], channels.Select(c => c ?? "").ToArray());
        Assert.Contains("@kim@mastodon.nu", texts[1], StringComparison.Ordinal);
        Assert.Contains("<img src=x onerror=alert('masto')> svar", texts[1], StringComparison.Ordinal);
        Assert.Contains("<script>alert('bsky')</script> hej", texts[2], StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("ingen mention", html, StringComparison.Ordinal);
        Assert.DoesNotContain("före veckan", html, StringComparison.Ordinal);
        Assert.Equal(0, alerts);
    }

    [Fact]
    public async Task In_Chromium_every_channel_is_ticked_by_default_and_a_post_with_Mastodon_unticked_goes_to_X_and_Bluesky_only()
    {
        await using var env = await StartAsync(azurite);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync((await env.LinkAsync()).ToString());

        Assert.True(await page.IsCheckedAsync("#channel-X"));
        Assert.True(await page.IsCheckedAsync("#channel-Bluesky"));
        Assert.True(await page.IsCheckedAsync("#channel-Mastodon"));
        await page.FillAsync("#text", Text);
        await page.UncheckAsync("#channel-Mastodon");
        await page.ClickAsync("#post");
        await page.WaitForURLAsync(url => url.Contains("?posted=", StringComparison.Ordinal));

        Assert.Equal([Text], env.Tweets());
        Assert.Equal([Text], BlueskyTexts(env));
        Assert.Empty(MastodonTexts(env));
        Assert.Equal(0, env.Mastodon!.PostRequests);
        Assert.Equal(1, await page.Locator("#posts li[data-channel=X]").CountAsync());
        Assert.Equal(1, await page.Locator("#posts li[data-channel=Bluesky]").CountAsync());
        Assert.Equal(0, await page.Locator("#posts li[data-channel=Mastodon]").CountAsync());
    }

    [Fact]
    public async Task A_post_Bluesky_and_Mastodon_made_but_whose_answers_were_lost_is_found_by_the_retry_and_not_posted_again()
    {
        await using var env = await StartAsync(azurite);
        var client = await OpenAsync(env);
        await using var _ = client.Context;
        var postId = Guid.NewGuid().ToString("N");
        // Both networks take the post, then the connection drops before the answer.
        env.Bluesky!.InjectFault(Fault.DropConnection(), count: 1, method: "POST", path: "/xrpc/com.atproto.repo.createRecord", timing: FaultTiming.AfterApplying);
        env.Mastodon!.InjectFault(Fault.DropConnection(), count: 1, method: "POST", path: "/api/v1/statuses", timing: FaultTiming.AfterApplying);

        var lost = await client.PostAsync(postId, Text, ["Bluesky", "Mastodon"]);
        var retried = await client.PostAsync(postId, Text, ["Bluesky", "Mastodon"]);

        Assert.Equal(503, lost.Status);
        Assert.Equal(303, retried.Status);
        // Bluesky: the same record key, looked up first; Mastodon: the same Idempotency-Key within the hour.
        Assert.Equal([Text], BlueskyTexts(env));
        Assert.Equal(1, env.Bluesky.GetRequestCount("com.atproto.repo.createRecord"));
        Assert.Equal([Text], MastodonTexts(env));
        var rows = await env.PostRowsAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("posted", r.GetString("Status")));
        Assert.Equal(env.Bluesky.GetPosts(PortalEnvironment.BlueskyDid)[0].Uri, rows.Single(r => r.GetString("Channel") == "Bluesky").GetString("TweetId"));
    }

    [Fact]
    public async Task Two_posts_claimed_in_the_same_millisecond_both_land_on_Bluesky_and_neither_is_taken_for_the_other()
    {
        await using var env = await StartAsync(azurite);
        var client = await OpenAsync(env);
        await using var _ = client.Context;
        // The clock does not move between the two posts; the ids' first bytes (0x00, 0x70) are 112 apart.
        var first = "00" + Guid.NewGuid().ToString("N")[2..];
        var second = "70" + Guid.NewGuid().ToString("N")[2..];

        var one = await client.PostAsync(first, Text, ["Bluesky"]);
        var two = await client.PostAsync(second, "Röntgen har kö i eftermiddag.", ["Bluesky"]);

        Assert.Equal(303, one.Status);
        Assert.Equal(303, two.Status);
        Assert.Equal([Text, "Röntgen har kö i eftermiddag."], BlueskyTexts(env).Order());
        var uris = (await env.PostRowsAsync()).Select(r => r.GetString("TweetId")).ToList();
        Assert.Equal(2, uris.Distinct().Count());
    }

    [Fact]
    public async Task A_Bluesky_row_claimed_before_record_keys_were_kept_is_retried_under_the_key_it_was_first_sent_with()
    {
        await using var env = await StartAsync(azurite);
        var postId = Guid.NewGuid().ToString("N");
        var claimed = env.Time.GetUtcNow().AddMinutes(-5);
        claimed = DateTimeOffset.FromUnixTimeMilliseconds(claimed.ToUnixTimeMilliseconds());
        // The attempt made the post under the key of claim time and post id, then its answer was lost.
        var bluesky = env.Server.Services.GetRequiredService<ChannelPublishers>().Get(Channel.Bluesky)!;
        await bluesky.PublishAsync(new ChannelPost(PortalEnvironment.AccountId, Text, claimed, "earlier", claimed, PortalChannelPoster.StepIndex(postId)), default);
        await env.PostsTable.AddEntityAsync(new TableEntity(PortalEnvironment.AccountId, postId + "-bluesky")
        {
            ["Slot"] = PortalEnvironment.CurrentSlot, ["CuratorName"] = "Anna Svensson", ["Text"] = Text, ["Status"] = "failed",
            ["FailureKind"] = "Transient", ["Channel"] = "Bluesky", ["PostId"] = postId,
            ["ClaimedAt"] = claimed, ["AttemptedAt"] = claimed, ["MayHavePostedAt"] = claimed,
        });
        var client = await OpenAsync(env);
        await using var _ = client.Context;

        var (status, _) = await client.PostAsync(postId, Text, ["Bluesky"]);

        Assert.Equal(303, status);
        var post = Assert.Single(env.Bluesky!.GetPosts(PortalEnvironment.BlueskyDid));
        Assert.Equal(post.Uri, (await env.PostRowsAsync()).Single().GetString("TweetId"));
    }
}
