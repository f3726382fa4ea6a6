using System.Text.Json.Nodes;
using Microsoft.Playwright;
using RotationFunctions.StandIns.Common;

namespace RotationFunctions.Tests.Portal;

/// <summary>
/// Issue 17: a reply to a Bluesky or Mastodon mention from the portal's list goes to that network only, once: on Bluesky
/// with the reply's root and parent strong refs (the thread's root kept when the mention is itself a reply), on Mastodon
/// with in_reply_to_id and the author's @acct first so they are notified; a reply form naming no mention of the account
/// posts nothing; markup in a mention is shown as text.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalChannelRepliesTests(AzuriteFixture azurite, BrowserFixture browser)
{
    private static readonly DateTimeOffset Start = PortalEnvironment.SlotStart;

    private static Task<PortalEnvironment> StartAsync(AzuriteFixture azurite) =>
        PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true, channels: true);

    private sealed record Client(PortalEnvironment Env, IBrowserContext Context, IPage Page, string Token)
    {
        public async Task<(int Status, string Body)> ReplyAsync(string postId, string replyTo, string? channel, string text)
        {
            var form = Context.APIRequest.CreateFormData().Set("__rf", Token).Set("postId", postId).Set("replyTo", replyTo).Set("text", text);
            if (channel is not null)
            {
                form = form.Set("replyChannel", channel);
            }
            return await PortalForms.PostAsync(Context, Env, form, multipart: false);
        }
    }

    private async Task<Client> OpenAsync(PortalEnvironment env)
    {
        var (context, page, token) = await PortalForms.OpenAsync(browser, env);
        return new Client(env, context, page, token);
    }

    [Fact]
    public async Task A_reply_to_a_Bluesky_mention_sent_twice_at_once_lands_once_with_its_threads_root_and_the_mention_as_parent()
    {
        await using var env = await StartAsync(azurite);
        var bluesky = env.Bluesky!;
        // Bo answers someone's thread and mentions the account: the curator's reply keeps that thread's root.
        var root = ("at://did:plc:lisa/app.bsky.feed.post/3kzlisaroot22", "bafyreilisaroot");
        var mention = bluesky.AddNotification(PortalEnvironment.BlueskyDid, "did:plc:bo", "bo.bsky.social", "mention", "<b>@sodersjukhuset.bsky.social</b> hur gick det?", Start.AddMinutes(30), replyRoot: root);
        var plain = bluesky.AddNotification(PortalEnvironment.BlueskyDid, "did:plc:eva", "eva.bsky.social", "mention", "Hej @sodersjukhuset.bsky.social!", Start.AddMinutes(40));
        var client = await OpenAsync(env);
        await using var _ = client.Context;
        var postId = Guid.NewGuid().ToString("N");

        var html = await client.Page.ContentAsync();
        var both = await Task.WhenAll(client.ReplyAsync(postId, mention.Uri, "Bluesky", "Bra, tack!"), client.ReplyAsync(postId, mention.Uri, "Bluesky", "Bra, tack!"));
        var again = await client.ReplyAsync(postId, mention.Uri, "Bluesky", "Bra, tack!");
        var toEva = await client.ReplyAsync(Guid.NewGuid().ToString("N"), plain.Uri, "Bluesky", "Hej Eva!");

        // The mention is listed with its markup as text, and a reply form naming it and its network.
        Assert.Contains("&lt;b&gt;@sodersjukhuset.bsky.social&lt;/b&gt; hur gick det?", html, StringComparison.Ordinal);
        Assert.Equal(2, await client.Page.Locator("#mentions li[data-channel=Bluesky] form.reply input[name=replyChannel][value=Bluesky]").CountAsync());
        Assert.All(both, r => Assert.Contains(r.Status, (int[])[303, 409]));
        Assert.Equal(303, again.Status);
        Assert.Equal(303, toEva.Status);
        var posts = bluesky.GetPosts(PortalEnvironment.BlueskyDid);
        Assert.Equal(["Bra, tack!", "Hej Eva!"], posts.Select(p => p.Text));
        Assert.Equal((root.Item1, root.Item2, mention.Uri, mention.Cid), Refs(posts[0].Record));
        // A mention that starts its thread is both root and parent.
        Assert.Equal((plain.Uri, plain.Cid, plain.Uri, plain.Cid), Refs(posts[1].Record));
        // That network only, each in its own row.
        Assert.Empty(env.Tweets());
        Assert.Empty(env.Mastodon!.GetStatuses(PortalEnvironment.MastodonAccountId));
        var row = (await env.PostRowsAsync()).Single(r => r.GetString("PostId") == postId);
        Assert.Equal(("Bluesky", "posted", mention.Uri, posts[0].Uri), (row.GetString("Channel"), row.GetString("Status"), row.GetString("InReplyToTweetId"), row.GetString("TweetId")));
        Assert.Equal(2, (await env.PostRowsAsync()).Count);
    }

    [Fact]
    public async Task A_reply_to_a_Mastodon_mention_from_the_page_answers_its_status_and_starts_with_the_authors_acct_once()
    {
        await using var env = await StartAsync(azurite);
        var statusId = env.Mastodon!.AddMention(PortalEnvironment.MastodonAccountId, "kim@mastodon.nu", "@sodersjukhuset när öppnar ni?", Start.AddMinutes(30));
        var client = await OpenAsync(env);
        await using var _ = client.Context;

        await client.Page.FillAsync("#reply-mastodon-1", "Klockan åtta.");
        await client.Page.Locator("#mentions li[data-channel=Mastodon] form.reply button").ClickAsync();
        await client.Page.WaitForURLAsync(url => url.Contains("?posted=", StringComparison.Ordinal));
        // A curator who began with the mention already: not mentioned twice.
        var second = await client.ReplyAsync(Guid.NewGuid().ToString("N"), statusId, "Mastodon", "@Kim@mastodon.nu och på söndagar klockan tio.");

        Assert.Equal(303, second.Status);
        var statuses = env.Mastodon.GetStatuses(PortalEnvironment.MastodonAccountId);
        Assert.Equal(["@kim@mastodon.nu Klockan åtta.", "@Kim@mastodon.nu och på söndagar klockan tio."], statuses.Select(s => s.Text));
        Assert.All(statuses, s => Assert.Equal(statusId, s.InReplyToId));
        Assert.Empty(env.Tweets());
        Assert.Empty(env.Bluesky!.GetPosts(PortalEnvironment.BlueskyDid));
        var rows = await env.PostRowsAsync();
        Assert.All(rows, r => Assert.Equal(("Mastodon", "posted", statusId), (r.GetString("Channel"), r.GetString("Status"), r.GetString("InReplyToTweetId"))));
        Assert.Equal(statuses.Select(s => s.Id).Order(), rows.Select(r => r.GetString("TweetId")).Order());
    }

    [Fact]
    public async Task A_Mastodon_reply_whose_answer_was_lost_retried_past_the_Idempotency_Keys_hour_is_found_and_not_posted_again()
    {
        await using var env = await StartAsync(azurite);
        var statusId = env.Mastodon!.AddMention(PortalEnvironment.MastodonAccountId, "kim@mastodon.nu", "@sodersjukhuset när öppnar ni?", Start.AddMinutes(30));
        var client = await OpenAsync(env);
        await using var _ = client.Context;
        var postId = Guid.NewGuid().ToString("N");
        // The instance makes the reply, then the connection drops before the answer; the curator comes back two hours later.
        env.Mastodon.InjectFault(Fault.DropConnection(), count: 1, method: "POST", path: "/api/v1/statuses", timing: FaultTiming.AfterApplying);

        var lost = await client.ReplyAsync(postId, statusId, "Mastodon", "Klockan åtta.");
        env.Time.Advance(TimeSpan.FromHours(2));
        var retried = await client.ReplyAsync(postId, statusId, "Mastodon", "Klockan åtta.");

        Assert.Equal(503, lost.Status);
        Assert.Equal(303, retried.Status);
        var reply = Assert.Single(env.Mastodon.GetStatuses(PortalEnvironment.MastodonAccountId));
        Assert.Equal(("@kim@mastodon.nu Klockan åtta.", statusId), (reply.Text, reply.InReplyToId));
        var row = Assert.Single(await env.PostRowsAsync());
        Assert.Equal(("posted", reply.Id), (row.GetString("Status"), row.GetString("TweetId")));
    }

    [Fact]
    public async Task A_reply_form_naming_no_mention_of_the_account_or_an_unknown_network_posts_nothing_anywhere()
    {
        await using var env = await StartAsync(azurite);
        var mention = env.Bluesky!.AddNotification(PortalEnvironment.BlueskyDid, "did:plc:bo", "bo.bsky.social", "mention", "Hej!", Start.AddMinutes(30));
        var old = env.Bluesky.AddNotification(PortalEnvironment.BlueskyDid, "did:plc:bo", "bo.bsky.social", "mention", "Förra veckan", Start.AddDays(-3));
        var client = await OpenAsync(env);
        await using var _ = client.Context;

        var stranger = await client.ReplyAsync(Guid.NewGuid().ToString("N"), "at://did:plc:bo/app.bsky.feed.post/3kzbbbbbbbbbb", "Bluesky", "Hej!");
        var beforeTheWeek = await client.ReplyAsync(Guid.NewGuid().ToString("N"), old.Uri, "Bluesky", "Hej!");
        var unknownNetwork = await client.ReplyAsync(Guid.NewGuid().ToString("N"), mention.Uri, "Threads", "Hej!");
        var wrongNetwork = await client.ReplyAsync(Guid.NewGuid().ToString("N"), mention.Uri, "Mastodon", "Hej!");

        Assert.Equal([422, 422, 422, 422], new[] { stranger.Status, beforeTheWeek.Status, unknownNetwork.Status, wrongNetwork.Status });
        Assert.Empty(env.Bluesky.GetPosts(PortalEnvironment.BlueskyDid));
        Assert.Empty(env.Mastodon!.GetStatuses(PortalEnvironment.MastodonAccountId));
        Assert.Empty(env.Tweets());
        Assert.Empty(await env.PostRowsAsync());
    }

    private static (string?, string?, string?, string?) Refs(JsonObject record) => (
        record["reply"]?["root"]?["uri"]?.GetValue<string>(), record["reply"]?["root"]?["cid"]?.GetValue<string>(),
        record["reply"]?["parent"]?["uri"]?.GetValue<string>(), record["reply"]?["parent"]?["cid"]?.GetValue<string>());
}
