using Azure.Storage.Blobs;
using Microsoft.Playwright;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.Tests.Portal;

/// <summary>
/// Issue 17: a post's images reach every channel ticked (X, Bluesky and Mastodon on their stand-ins), exactly once like
/// the text, each with its alt text; what a network would refuse is told per image before anything is posted; the
/// staged copies serve a retry and are gone once every channel has the post.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalChannelImagesTests(AzuriteFixture azurite, BrowserFixture browser)
{
    private const string Text = "Akutens nya väntrum.";
    private static readonly string[] All = ["X", "Bluesky", "Mastodon"];

    /// <summary>A second PNG, other bytes than <see cref="PortalImageTests.Png"/>.</summary>
    private static readonly byte[] Png2 = [.. PortalImageTests.Png, 0, 0, 0, 0];

    private sealed record Client(PortalEnvironment Env, IBrowserContext Context, string Token)
    {
        public async Task<(int Status, string Body)> PostAsync(string postId, string[] channels, params (byte[] Bytes, string Alt)[] images)
        {
            var form = Context.APIRequest.CreateFormData().Set("__rf", Token).Set("postId", postId).Set("text", Text).Set("channelsOffered", "yes");
            foreach (var channel in channels)
            {
                form = form.Append("channel", channel);
            }
            if (images.Length > 0)
            {
                form = form.Set("nobodyIdentifiable", "yes");
            }
            for (var n = 1; n <= images.Length; n++)
            {
                form = form.Set($"image{n}", new FilePayload { Name = $"bild{n}.png", MimeType = "image/png", Buffer = images[n - 1].Bytes }).Set($"alt{n}", images[n - 1].Alt);
            }
            return await PortalForms.PostAsync(Context, Env, form);
        }
    }

    private async Task<(PortalEnvironment Env, Client Client)> StartAsync(bool mediaWriteOnX = true)
    {
        // Media the instance still processes is asked after at once: the test clock does not move by itself.
        var env = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true, channels: true,
            settings: new Dictionary<string, string?> { ["Mastodon:MediaPollInterval"] = "00:00:00" });
        if (mediaWriteOnX)
        {
            await env.GrantMediaWriteAsync();
        }
        var (context, _, token) = await PortalForms.OpenAsync(browser, env);
        return (env, new Client(env, context, token));
    }

    private static async Task<int> StagedCountAsync(PortalEnvironment env)
    {
        var staged = env.Server.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(env.Names.PortalStagingContainer);
        return (await staged.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "media/", default).ToListAsync()).Count;
    }

    [Fact]
    public async Task Two_images_ticked_for_X_Bluesky_and_Mastodon_land_once_on_each_with_both_alt_texts_and_the_staged_copies_are_removed()
    {
        var (env, client) = await StartAsync();
        await using var _ = env;
        await using var __ = client.Context;

        var (status, _) = await client.PostAsync(Guid.NewGuid().ToString("N"), All, (PortalImageTests.Png, "Blå stolar i väntrummet."), (Png2, "Receptionen med ny disk."));

        Assert.Equal(303, status);
        var tweet = Assert.Single(env.X.GetTweets(PortalEnvironment.UserId));
        Assert.Equal(["Blå stolar i väntrummet.", "Receptionen med ny disk."], tweet.MediaIds!.Select(id => env.X.GetAltText(id) ?? "").ToArray());
        var bluesky = Assert.Single(env.Bluesky!.GetPosts(PortalEnvironment.BlueskyDid));
        Assert.Equal(Text, bluesky.Text);
        Assert.Equal(
            [("Blå stolar i väntrummet.", "image/png", (long)PortalImageTests.Png.Length), ("Receptionen med ny disk.", "image/png", (long)Png2.Length)],
            bluesky.Images);
        var mastodon = Assert.Single(env.Mastodon!.GetStatuses(PortalEnvironment.MastodonAccountId));
        Assert.Equal(["Blå stolar i väntrummet.", "Receptionen med ny disk."], mastodon.Media.Select(m => m.Description ?? "").ToArray());
        Assert.Equal([Png2.Length, PortalImageTests.Png.Length], mastodon.Media.Select(m => (int)m.Size).OrderDescending().ToArray());
        var rows = await env.PostRowsAsync();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(2, r.GetInt32("MediaCount")));
        Assert.Equal(0, await StagedCountAsync(env));
    }

    [Fact]
    public async Task Media_Mastodon_still_processes_is_waited_for_and_the_status_is_posted_once_with_it()
    {
        var (env, client) = await StartAsync();
        await using var _ = env;
        await using var __ = client.Context;
        // 202 on upload, then 206 twice on GET /api/v1/media/:id; a status naming it before would get 422.
        env.Mastodon!.MediaProcessingPolls = 2;

        var (status, _) = await client.PostAsync(Guid.NewGuid().ToString("N"), ["Mastodon"], (PortalImageTests.Png, "Blå stolar i väntrummet."));

        Assert.Equal(303, status);
        var posted = Assert.Single(env.Mastodon.GetStatuses(PortalEnvironment.MastodonAccountId));
        Assert.Equal("Blå stolar i väntrummet.", Assert.Single(posted.Media).Description);
        Assert.Equal(1, env.Mastodon.PostRequests);
        Assert.Equal(3, env.Mastodon.MediaLooks);
    }

    [Fact]
    public async Task Answers_lost_after_Bluesky_and_Mastodon_posted_then_the_same_form_posts_nothing_twice_and_the_staged_images_go_once_all_have_it()
    {
        var (env, client) = await StartAsync();
        await using var _ = env;
        await using var __ = client.Context;
        var postId = Guid.NewGuid().ToString("N");
        env.Bluesky!.InjectFault(Fault.DropConnection(), count: 1, method: "POST", path: "/xrpc/com.atproto.repo.createRecord", timing: FaultTiming.AfterApplying);
        env.Mastodon!.InjectFault(Fault.DropConnection(), count: 1, method: "POST", path: "/api/v1/statuses", timing: FaultTiming.AfterApplying);
        (byte[], string)[] images = [(PortalImageTests.Png, "Blå stolar i väntrummet."), (Png2, "Receptionen med ny disk.")];

        var lost = await client.PostAsync(postId, All, images);
        var stagedBetween = await StagedCountAsync(env);
        // The back button and the form once more: its files again.
        var retried = await client.PostAsync(postId, All, images);

        Assert.Equal(503, lost.Status);
        Assert.Equal(2, stagedBetween);
        Assert.Equal(303, retried.Status);
        Assert.Single(env.X.GetTweets(PortalEnvironment.UserId));
        var bluesky = Assert.Single(env.Bluesky.GetPosts(PortalEnvironment.BlueskyDid));
        Assert.Equal(2, bluesky.Images.Count);
        var mastodon = Assert.Single(env.Mastodon.GetStatuses(PortalEnvironment.MastodonAccountId));
        Assert.Equal(2, mastodon.Media.Count);
        Assert.All(await env.PostRowsAsync(), r => Assert.Equal("posted", r.GetString("Status")));
        Assert.Equal(0, await StagedCountAsync(env));
    }

    [Fact]
    public async Task A_Mastodon_post_failed_before_posting_is_retried_without_the_files_with_the_staged_images()
    {
        var (env, client) = await StartAsync();
        await using var _ = env;
        await using var __ = client.Context;
        var postId = Guid.NewGuid().ToString("N");
        env.Mastodon!.InjectFault(Fault.ServiceUnavailable(), count: 1, method: "POST", path: "/api/v1/statuses");

        var failed = await client.PostAsync(postId, ["Bluesky", "Mastodon"], (PortalImageTests.Png, "Blå stolar i väntrummet."));
        var retried = await client.PostAsync(postId, ["Bluesky", "Mastodon"]);

        Assert.Equal(503, failed.Status);
        Assert.Equal(303, retried.Status);
        Assert.Single(Assert.Single(env.Bluesky!.GetPosts(PortalEnvironment.BlueskyDid)).Images);
        Assert.Equal("Blå stolar i väntrummet.", Assert.Single(Assert.Single(env.Mastodon.GetStatuses(PortalEnvironment.MastodonAccountId)).Media).Description);
        Assert.Equal(0, await StagedCountAsync(env));
    }

    [Fact]
    public async Task An_image_over_the_Mastodon_instances_limit_is_told_per_image_and_nothing_is_posted_anywhere()
    {
        var (env, client) = await StartAsync();
        await using var _ = env;
        await using var __ = client.Context;
        env.Mastodon!.ImageSizeLimit = 100;
        var big = new byte[150];
        PortalImageTests.Png.CopyTo(big, 0);

        var (status, body) = await client.PostAsync(Guid.NewGuid().ToString("N"), All, (PortalImageTests.Png, "En liten bild."), (big, "En större bild."));

        Assert.Equal(400, status);
        Assert.Contains("Bild 2 är större än 100 byte, gränsen på Mastodon-instansen.", body, StringComparison.Ordinal);
        Assert.Empty(env.X.GetTweets(PortalEnvironment.UserId));
        Assert.Empty(env.Bluesky!.GetPosts(PortalEnvironment.BlueskyDid));
        Assert.Empty(env.Mastodon.GetStatuses(PortalEnvironment.MastodonAccountId));
        Assert.Empty(await env.PostRowsAsync());
    }

    [Fact]
    public async Task A_Bluesky_session_expired_before_the_upload_is_refreshed_once_and_the_post_lands_with_its_image()
    {
        var (env, client) = await StartAsync();
        await using var _ = env;
        await using var __ = client.Context;
        env.Bluesky!.ExpireSessions(PortalEnvironment.BlueskyDid);

        var (status, _) = await client.PostAsync(Guid.NewGuid().ToString("N"), ["Bluesky"], (PortalImageTests.Png, "Blå stolar i väntrummet."));

        Assert.Equal(303, status);
        Assert.Equal("Blå stolar i väntrummet.", Assert.Single(Assert.Single(env.Bluesky.GetPosts(PortalEnvironment.BlueskyDid)).Images).Alt);
        Assert.Equal(1, env.Bluesky.GetRequestCount("com.atproto.server.refreshSession"));
        Assert.Equal(0, env.Bluesky.ReusedRefreshTokens);
    }

    [Fact]
    public async Task A_network_ticked_only_after_every_network_had_the_post_and_its_images_were_removed_is_not_posted_without_them()
    {
        var (env, client) = await StartAsync();
        await using var _ = env;
        await using var __ = client.Context;
        var postId = Guid.NewGuid().ToString("N");
        var first = await client.PostAsync(postId, ["X"], (PortalImageTests.Png, "Blå stolar i väntrummet."));

        // The same post id with Bluesky ticked too, and no files: the staged copies went when X had the post.
        var (status, body) = await client.PostAsync(postId, ["X", "Bluesky"]);
        var withFiles = await client.PostAsync(postId, ["X", "Bluesky"], (PortalImageTests.Png, "Blå stolar i väntrummet."));

        Assert.Equal(303, first.Status);
        Assert.Equal(400, status);
        Assert.Contains("Bilderna till inlägget finns inte kvar", body, StringComparison.Ordinal);
        Assert.Equal(303, withFiles.Status);
        Assert.Single(env.X.GetTweets(PortalEnvironment.UserId));
        Assert.Equal("Blå stolar i väntrummet.", Assert.Single(Assert.Single(env.Bluesky!.GetPosts(PortalEnvironment.BlueskyDid)).Images).Alt);
    }

    [Fact]
    public async Task Without_media_write_on_X_images_are_offered_for_Bluesky_and_Mastodon_the_page_says_X_takes_none_and_X_ticked_refuses_them()
    {
        var (env, client) = await StartAsync(mediaWriteOnX: false);
        await using var _ = env;
        await using var __ = client.Context;
        var page = await client.Context.NewPageAsync();
        await page.GotoAsync(env.Page().ToString());

        var withX = await client.PostAsync(Guid.NewGuid().ToString("N"), All, (PortalImageTests.Png, "Blå stolar i väntrummet."));
        var (status, _) = await client.PostAsync(Guid.NewGuid().ToString("N"), ["Bluesky", "Mastodon"], (PortalImageTests.Png, "Blå stolar i väntrummet."));

        Assert.Equal(1, await page.Locator("#image1").CountAsync());
        Assert.Contains("Bocka ur X för att publicera bilder på de andra nätverken", await page.TextContentAsync("#images-not-on-x"), StringComparison.Ordinal);
        Assert.Equal(422, withX.Status);
        Assert.Equal(303, status);
        Assert.Empty(env.X.GetTweets(PortalEnvironment.UserId));
        Assert.Single(Assert.Single(env.Bluesky!.GetPosts(PortalEnvironment.BlueskyDid)).Images);
        Assert.Single(Assert.Single(env.Mastodon!.GetStatuses(PortalEnvironment.MastodonAccountId)).Media);
    }

    [Fact]
    public async Task Media_still_processing_past_the_bounded_wait_fails_the_post_there_for_a_retry_and_no_status_names_it()
    {
        var (env, client) = await StartAsync();
        await using var _ = env;
        await using var __ = client.Context;
        var postId = Guid.NewGuid().ToString("N");
        // Longer than Mastodon:MediaPollAttempts (20) looks.
        env.Mastodon!.MediaProcessingPolls = 100;

        var waited = await client.PostAsync(postId, ["Mastodon"], (PortalImageTests.Png, "Blå stolar i väntrummet."));
        var looks = env.Mastodon.MediaLooks;
        env.Mastodon.MediaProcessingPolls = 0;
        var retried = await client.PostAsync(postId, ["Mastodon"]);

        Assert.Equal(503, waited.Status);
        Assert.Equal(20, looks);
        Assert.Equal(303, retried.Status);
        Assert.Equal(1, env.Mastodon.PostRequests);
        Assert.Single(Assert.Single(env.Mastodon.GetStatuses(PortalEnvironment.MastodonAccountId)).Media);
        Assert.Equal(0, await StagedCountAsync(env));
    }
}
