using RotationFunctions.Channels.X;
using RotationFunctions.Notices;
using RotationFunctions.Tests.Portal;

namespace RotationFunctions.Tests.Notices;

/// <summary>
/// The thank-you's week report, read back from the SMTP server: the likes, reposts, replies and impressions of the
/// slot's posts on X (the intro, the portal posts, the account's other posts in the week; not the next curator's),
/// a post deleted since named as not counted; and when X does not answer, the thanks still goes, saying the numbers
/// are missing.
/// </summary>
[Collection(NoticeCollection.Name)]
public sealed class WeekReportTests(AzuriteFixture azurite)
{
    private const string Anna = "anna@example.se";
    private static readonly DateTimeOffset End = NoticeEnvironment.Monday.AddDays(7);

    /// <summary>Posts as the account from elsewhere (what the portal or an admin does): X's own API, the account's user.</summary>
    private static async Task<string> PostAsAccountAsync(NoticeEnvironment env, string text)
    {
        var token = env.X.IssueTokens(HostEnvironment.ClientId, HostEnvironment.UserId, ["tweet.read", "tweet.write", "users.read"]).AccessToken;
        return (await env.Server.Services.GetRequiredService<XClient>().PostTweetAsync(token, new XPostTweetRequest(text), default)).Id;
    }

    private static async Task AddPortalPostAsync(NoticeEnvironment env, string tweetId, string text) =>
        await env.PostsTable.AddEntityAsync(new TableEntity(HostEnvironment.AccountId, Guid.NewGuid().ToString("N"))
        {
            ["Slot"] = "2027-01-04", ["Status"] = PostStatus.Posted, ["Text"] = text, ["TweetId"] = tweetId, ["ClaimedAt"] = env.Time.GetUtcNow(),
        });

    private async Task<NoticeEnvironment> WeekUpToTheHandoverAsync()
    {
        var env = await NoticeEnvironment.StartAsync(azurite, NoticeEnvironment.Monday.AddDays(-1));
        await env.AddSlotAsync("2027-01-04", "Anna Svensson", "anna_sv", Anna, approved: true);
        await env.AddSlotAsync("2027-01-11", "Ahmed Yusuf", "ahmed_fastighet", "ahmed@example.se", approved: true);
        await env.RunUntilAsync(NoticeEnvironment.Monday.AddHours(1), TimeSpan.FromHours(1));
        return env;
    }

    [Fact]
    public async Task The_thanks_sums_the_reactions_to_the_weeks_posts_on_X_and_names_a_deleted_post_as_not_counted()
    {
        await using var env = await WeekUpToTheHandoverAsync();
        var intro = Assert.Single(env.X.GetTweets(HostEnvironment.UserId)).Id;
        env.Time.SetUtcNow(NoticeEnvironment.Monday.AddDays(2));
        var portalPost = await PostAsAccountAsync(env, "Hej från akuten");
        await AddPortalPostAsync(env, portalPost, "Hej från akuten");
        var takenDown = await PostAsAccountAsync(env, "Fel bild");
        await AddPortalPostAsync(env, takenDown, "Fel bild");
        var token = env.X.IssueTokens(HostEnvironment.ClientId, HostEnvironment.UserId, ["tweet.read", "tweet.write", "users.read"]).AccessToken;
        await env.Server.Services.GetRequiredService<XClient>().DeleteTweetAsync(token, takenDown, default);
        var adminPost = await PostAsAccountAsync(env, "Påminnelse: influensavaccin i veckan");
        env.X.SetMetrics(intro, likes: 10, reposts: 2, replies: 1, impressions: 1_000);
        env.X.SetMetrics(portalPost, likes: 30, reposts: 5, replies: 4, impressions: 2_500);
        env.X.SetMetrics(adminPost, likes: 2, reposts: 0, replies: 0, impressions: 300);

        await env.RunUntilAsync(End, TimeSpan.FromHours(6));
        var ahmedsIntro = env.X.GetTweets(HostEnvironment.UserId)[^1].Id;
        env.X.SetMetrics(ahmedsIntro, likes: 500, reposts: 500, replies: 500, impressions: 500_000);
        await env.RunUntilAsync(End.AddMinutes(10), TimeSpan.FromMinutes(5));

        var thanks = Assert.Single(env.MailsTo(Anna), m => m.Message.Headers[NoticeMail.KindHeader] == NoticeKind.Thanks);
        // The intro, the portal post and the admin's post; the outro (zero) and the next curator's intro are after the week.
        Assert.Contains(
            "Reaktionerna på X på veckans 3 inlägg (ditt intro, dina inlägg och kontots övriga inlägg under veckan): 42 gilla-markeringar, 7 reposts, 5 svar och 3\u00a0800 visningar.",
            thanks.TextBody);
        Assert.Contains("1 inlägg kunde inte läsas på X (de kan vara raderade) och räknas inte.", thanks.TextBody);
        Assert.Contains("42 gilla-markeringar", thanks.HtmlBody);
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Id.Name == "WeekReportRead");
    }

    [Fact]
    public async Task A_portal_post_made_on_X_and_Bluesky_counts_once_in_the_weeks_numbers()
    {
        await using var env = await WeekUpToTheHandoverAsync();
        env.Time.SetUtcNow(NoticeEnvironment.Monday.AddDays(2));
        var tweet = await PostAsAccountAsync(env, "Hej från akuten");
        // What the portal writes for one form ticked for X and Bluesky: X's row keyed by the post id, Bluesky's beside it.
        var postId = Guid.NewGuid().ToString("N");
        await env.PostsTable.AddEntityAsync(new TableEntity(HostEnvironment.AccountId, PostRecord.RowKeyFor(postId, RotationFunctions.Schedule.Channel.X))
        {
            ["Slot"] = "2027-01-04", ["Status"] = PostStatus.Posted, ["Text"] = "Hej från akuten", ["TweetId"] = tweet, ["ClaimedAt"] = env.Time.GetUtcNow(),
        });
        await env.PostsTable.AddEntityAsync(new TableEntity(HostEnvironment.AccountId, PostRecord.RowKeyFor(postId, RotationFunctions.Schedule.Channel.Bluesky))
        {
            ["Slot"] = "2027-01-04", ["Status"] = PostStatus.Posted, ["Text"] = "Hej från akuten", ["TweetId"] = "at://did:plc:sos/app.bsky.feed.post/3abc",
            ["ClaimedAt"] = env.Time.GetUtcNow(), ["Channel"] = "Bluesky", ["PostId"] = postId,
        });
        await env.RunUntilAsync(End, TimeSpan.FromHours(6));
        env.X.ExhaustCredits();

        await env.RunUntilAsync(End.AddMinutes(10), TimeSpan.FromMinutes(5));

        var thanks = Assert.Single(env.MailsTo(Anna), m => m.Message.Headers[NoticeMail.KindHeader] == NoticeKind.Thanks);
        // The intro, the one portal post (on two networks) and the outro.
        Assert.Contains("Veckan i siffror: 3 inlägg publicerades", thanks.TextBody);
    }

    [Fact]
    public async Task When_X_does_not_answer_the_thanks_goes_without_numbers_and_says_so()
    {
        await using var env = await WeekUpToTheHandoverAsync();
        await env.RunUntilAsync(End, TimeSpan.FromHours(6));
        Assert.Equal(3, env.X.GetTweets(HostEnvironment.UserId).Count);
        // The outro and the next intro are posted; then the credit runs out before the thanks is composed.
        env.X.ExhaustCredits();

        await env.RunUntilAsync(End.AddMinutes(10), TimeSpan.FromMinutes(5));

        var thanks = Assert.Single(env.MailsTo(Anna), m => m.Message.Headers[NoticeMail.KindHeader] == NoticeKind.Thanks);
        Assert.Contains("Veckan i siffror: 2 inlägg publicerades", thanks.TextBody);
        Assert.Contains("Gilla-markeringar, reposts, svar och visningar kunde inte hämtas från X den här gången, så de saknas här.", thanks.TextBody);
        Assert.DoesNotContain("Reaktionerna", thanks.TextBody);
        Assert.Equal(NoticeStatus.Sent, (await env.NoticeAsync("2027-01-04|thanks"))?.Status);
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Id.Name == "WeekReportWithoutNumbers");
    }
}
