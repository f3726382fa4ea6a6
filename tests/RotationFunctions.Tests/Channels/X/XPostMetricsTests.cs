using Microsoft.Extensions.Time.Testing;
using RotationFunctions.Channels.X;
using RotationFunctions.Tests.Tokens;

namespace RotationFunctions.Tests.Channels.X;

/// <summary>
/// Issue 15's reads for the week report, against the X stand-in: post lookup by ids with public_metrics (missing and
/// deleted ids come back as X's partial errors in a 200) and the timeline between two instants; every post returned
/// is billed as a read and eats into the credit.
/// </summary>
public sealed class XPostMetricsTests(AzuriteFixture azurite) : TokenEnvironmentTestBase(azurite)
{
    private static readonly DateTimeOffset Start = new(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start.AddHours(-1));
    private string _token = null!;

    public override async Task InitializeAsync()
    {
        await StartEnvironmentAsync(_time);
        _token = Env.X.IssueTokens(TokenTestEnvironment.ClientId, TokenTestEnvironment.UserId, TokenTestEnvironment.Scopes).AccessToken;
    }

    private XClient Client() => Env.CreateHost().GetRequiredService<XClient>();

    private async Task<string> PostAtAsync(XClient client, DateTimeOffset at, string text)
    {
        _time.SetUtcNow(at);
        // The stand-in's access tokens expire on its clock: a fresh one for each moment.
        _token = Env.X.IssueTokens(TokenTestEnvironment.ClientId, TokenTestEnvironment.UserId, TokenTestEnvironment.Scopes).AccessToken;
        return (await client.PostTweetAsync(_token, new XPostTweetRequest(text), CancellationToken.None)).Id;
    }

    [Fact]
    public async Task Lookup_returns_each_posts_metrics_and_names_deleted_and_unknown_ids_as_missing_and_bills_only_what_it_returned()
    {
        var client = Client();
        var intro = await PostAtAsync(client, Start, "Intro");
        var post = await PostAtAsync(client, Start.AddDays(1), "Från akuten");
        var deleted = await PostAtAsync(client, Start.AddDays(2), "Oops");
        await client.DeleteTweetAsync(_token, deleted, CancellationToken.None);
        Env.X.SetMetrics(intro, likes: 12, reposts: 3, replies: 2, impressions: 1_500);
        Env.X.SetMetrics(post, likes: 40, reposts: 9, replies: 5, impressions: 7_200);

        var lookup = await client.GetTweetsWithMetricsAsync(_token, [intro, post, deleted, "1"], CancellationToken.None);

        Assert.Equal(
            [(intro, new XPublicMetrics(12, 3, 2, 1_500)), (post, new XPublicMetrics(40, 9, 5, 7_200))],
            lookup.Found.Select(t => (t.Id, t.PublicMetrics)));
        Assert.Equal([deleted, "1"], lookup.Missing);
        Assert.Equal(2, Env.X.PostReads);
    }

    [Fact]
    public async Task The_timeline_between_two_instants_lists_only_the_posts_made_in_it_with_their_metrics()
    {
        var client = Client();
        await PostAtAsync(client, Start.AddSeconds(-1), "Before");
        var first = await PostAtAsync(client, Start, "First");
        var last = await PostAtAsync(client, Start.AddDays(7).AddSeconds(-1), "Last");
        await PostAtAsync(client, Start.AddDays(7), "Next curator's intro");
        Env.X.SetMetrics(last, likes: 1, reposts: 0, replies: 4, impressions: 90);

        var page = await client.GetUserTweetsBetweenAsync(_token, TokenTestEnvironment.UserId, Start, Start.AddDays(7), null, CancellationToken.None);

        Assert.Equal([last, first], page.Tweets.Select(t => t.Id));
        Assert.Equal(new XPublicMetrics(1, 0, 4, 90), page.Tweets[0].PublicMetrics);
        Assert.Null(page.NextToken);
        Assert.Equal(2, Env.X.PostReads);
    }

    [Fact]
    public async Task Reads_use_up_the_credit_and_then_X_answers_402()
    {
        var client = Client();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await PostAtAsync(client, Start.AddMinutes(i), $"Post {i}"));
        }
        // A post's worth of credit pays for three reads ($0.015 against $0.005 each).
        Env.X.SetCredits(1);

        await client.GetTweetsWithMetricsAsync(_token, ids, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<XApiException>(() => client.GetTweetsWithMetricsAsync(_token, ids, CancellationToken.None));

        Assert.Equal(0, Env.X.CreditsLeft);
        Assert.Equal((XErrorKind.CreditsExhausted, 402), (refused.Kind, refused.StatusCode));
        Assert.Equal(3, Env.X.PostReads);
    }
}
