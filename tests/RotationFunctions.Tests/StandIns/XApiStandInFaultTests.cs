using System.Globalization;
using System.Net;

namespace RotationFunctions.Tests.StandIns;

/// <summary>The X stand-in's 15-minute post limit and its injected faults: lost answers, 5xx before and after applying, hangs.</summary>
public sealed class XApiStandInFaultTests : XApiStandInHttpTestBase
{
    [Fact]
    public async Task Over_the_post_limit_is_429_with_rate_limit_headers_until_the_window_resets()
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;
        var reset = Start.AddMinutes(15).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        for (var i = 1; i <= 3; i++)
        {
            using var ok = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = $"post {i}" });
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
            Assert.Equal("3", Header(ok, "x-rate-limit-limit"));
            Assert.Equal((3 - i).ToString(CultureInfo.InvariantCulture), Header(ok, "x-rate-limit-remaining"));
            Assert.Equal(reset, Header(ok, "x-rate-limit-reset"));
        }

        using var limited = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "post 4" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("0", Header(limited, "x-rate-limit-remaining"));
        Assert.Equal(reset, Header(limited, "x-rate-limit-reset"));
        var problem = await Json(limited);
        Assert.Equal("Too Many Requests", problem.GetProperty("title").GetString());
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal(3, X.GetTweets("1001").Count);

        using (var otherEndpoint = await SendAsync(HttpMethod.Get, "2/users/me", token))
        {
            Assert.Equal(HttpStatusCode.OK, otherEndpoint.StatusCode);
        }

        Time.Advance(TimeSpan.FromMinutes(15));
        using var afterReset = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "post 4" });
        Assert.Equal(HttpStatusCode.Created, afterReset.StatusCode);
        Assert.Equal("2", Header(afterReset, "x-rate-limit-remaining"));
    }

    [Fact]
    public async Task A_post_whose_answer_is_lost_was_made_and_the_retry_meets_the_duplicate()
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;
        X.InjectFault(Fault.DropConnection(), method: "POST", path: "/2/tweets", timing: FaultTiming.AfterApplying);

        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Intro" }));
        Assert.Single(X.GetTweets("1001"));

        using var retry = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Intro" });
        Assert.Equal(HttpStatusCode.Forbidden, retry.StatusCode);
        Assert.Single(X.GetTweets("1001"));
        Assert.Equal(2, X.GetRequestCount("POST", "/2/tweets"));
    }

    [Fact]
    public async Task A_503_after_applying_also_means_posted()
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;
        X.InjectFault(Fault.ServiceUnavailable(), path: "/2/tweets", timing: FaultTiming.AfterApplying);

        using var response = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Intro" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Single(X.GetTweets("1001"));
    }

    [Fact]
    public async Task Faults_before_handling_change_nothing()
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;
        X.InjectFault(Fault.InternalServerError(), count: 2, path: "/2/tweets");

        using var first = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Intro" });
        using var second = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Intro" });
        using var third = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Intro" });

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        Assert.Single(X.GetTweets("1001"));
    }

    [Fact]
    public async Task A_hanging_request_ends_when_the_client_gives_up()
    {
        var token = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;
        X.InjectFault(Fault.Hang(), path: "/2/tweets");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Intro" }, timeout.Token));

        Assert.Empty(X.GetTweets("1001"));
    }

    [Fact]
    public async Task A_refresh_whose_answer_is_lost_spent_the_token()
    {
        var seeded = X.IssueTokens(PublicClient, "1001", AllScopes);
        X.InjectFault(Fault.DropConnection(), path: "/2/oauth2/token", timing: FaultTiming.AfterApplying);

        await Assert.ThrowsAsync<HttpRequestException>(() => RefreshAsync(seeded.RefreshToken!));
        using var retry = await RefreshAsync(seeded.RefreshToken!);

        Assert.Equal(HttpStatusCode.BadRequest, retry.StatusCode);
        Assert.Equal(1, X.RefreshCount);
        Assert.Single(X.ReusedRefreshTokens);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}
