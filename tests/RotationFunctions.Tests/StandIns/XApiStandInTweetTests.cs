using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace RotationFunctions.Tests.StandIns;

/// <summary>The X stand-in's tweets: who may post, duplicates, replies, the 280-unit limit, and the timeline.</summary>
public sealed class XApiStandInTweetTests : XApiStandInHttpTestBase
{
    [Fact]
    public async Task Unknown_or_missing_tokens_are_401()
    {
        using var unknown = await SendAsync(HttpMethod.Post, "2/tweets", "nope", new { text = "hi" });
        using var missing = await Http.PostAsJsonAsync("2/tweets", new { text = "hi" });

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Empty(X.GetTweets("1001"));
    }

    [Fact]
    public async Task Posting_needs_the_tweet_write_scope()
    {
        var readOnly = X.IssueTokens(PublicClient, "1001", ["tweet.read", "users.read"]);

        using var response = await SendAsync(HttpMethod.Post, "2/tweets", readOnly.AccessToken, new { text = "hi" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(X.GetTweets("1001"));
    }

    [Fact]
    public async Task A_post_is_created_and_the_same_text_again_is_403_duplicate()
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;

        using var created = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Hello, I am Anna" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var data = (await Json(created)).GetProperty("data");
        Assert.Equal("Hello, I am Anna", data.GetProperty("text").GetString());
        var id = data.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9]+$", id);

        using var duplicate = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Hello, I am Anna" });
        Assert.Equal(HttpStatusCode.Forbidden, duplicate.StatusCode);
        var problem = await Json(duplicate);
        Assert.Equal("You are not allowed to create a Tweet with duplicate content.", problem.GetProperty("detail").GetString());
        Assert.Equal("Forbidden", problem.GetProperty("title").GetString());
        Assert.Equal(403, problem.GetProperty("status").GetInt32());

        var other = X.IssueTokens(PublicClient, "1002", AllScopes).AccessToken;
        using var otherUser = await SendAsync(HttpMethod.Post, "2/tweets", other, new { text = "Hello, I am Anna" });
        Assert.Equal(HttpStatusCode.Created, otherUser.StatusCode);

        var tweets = X.GetTweets("1001");
        Assert.Equal([id], tweets.Select(t => t.Id));
        Assert.Equal(Start, tweets[0].CreatedAt);
    }

    [Fact]
    public async Task A_reply_names_its_parent_and_a_reply_to_a_missing_post_is_403()
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;
        using var parent = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Goodbye from Bo" });
        var parentId = (await Json(parent)).GetProperty("data").GetProperty("id").GetString();

        using var reply = await SendAsync(HttpMethod.Post, "2/tweets", token,
            new { text = "Hello from Anna", reply = new { in_reply_to_tweet_id = parentId } });
        using var orphan = await SendAsync(HttpMethod.Post, "2/tweets", token,
            new { text = "Hello again", reply = new { in_reply_to_tweet_id = "42" } });

        Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
        Assert.Equal(parentId, X.GetTweets("1001")[1].InReplyToTweetId);
        Assert.Equal(HttpStatusCode.Forbidden, orphan.StatusCode);
    }

    [Theory]
    [InlineData(280, 0, false)]
    [InlineData(281, 0, true)]
    [InlineData(0, 140, false)]
    [InlineData(1, 140, true)]
    public async Task Text_over_280_weighted_units_is_400(int latin, int cjk, bool tooLong)
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;
        var text = new string('a', latin) + new string('漢', cjk);

        using var response = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text });

        Assert.Equal(tooLong ? HttpStatusCode.BadRequest : HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public void The_simple_weighting_counts_urls_as_23()
    {
        Assert.Equal(5 + 1 + 23, XApiStandIn.SimpleWeightedLength("Hello https://example.com/a/very/long/path/that/is/long"));
        Assert.Equal(2, XApiStandIn.SimpleWeightedLength("漢"));
        Assert.Equal(3, XApiStandIn.SimpleWeightedLength("åäö"));
    }

    [Fact]
    public async Task An_injected_length_function_decides()
    {
        await using var x = await XApiStandIn.StartAsync(Time, new XApiStandInOptions { WeightedLength = _ => 281 });
        x.RegisterClient(PublicClient);
        x.AddUser("1001", "Acme", "acme");
        using var http = new HttpClient { BaseAddress = x.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "2/tweets") { Content = JsonContent.Create(new { text = "short" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", x.IssueTokens(PublicClient, "1001", AllScopes).AccessToken);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Timeline_is_newest_first_and_deleted_posts_leave_it()
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            Time.Advance(TimeSpan.FromMinutes(1));
            using var posted = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = $"t{i}" });
            ids.Add((await Json(posted)).GetProperty("data").GetProperty("id").GetString()!);
        }

        using var deleted = await SendAsync(HttpMethod.Delete, $"2/tweets/{ids[1]}", token);
        Assert.True((await Json(deleted)).GetProperty("data").GetProperty("deleted").GetBoolean());

        using var timeline = await SendAsync(HttpMethod.Get, "2/users/1001/tweets?max_results=5&tweet.fields=created_at", token);
        var json = await Json(timeline);
        var data = json.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([ids[2], ids[0]], data.Select(d => d.GetProperty("id").GetString()));
        Assert.Equal("2027-01-04T07:03:00.000Z", data[0].GetProperty("created_at").GetString());
        Assert.Equal(2, json.GetProperty("meta").GetProperty("result_count").GetInt32());
        Assert.True(X.GetTweets("1001")[1].Deleted);

        using var tooFew = await SendAsync(HttpMethod.Get, "2/users/1001/tweets?max_results=2", token);
        Assert.Equal(HttpStatusCode.BadRequest, tooFew.StatusCode);
    }
}
