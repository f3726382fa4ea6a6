using System.Globalization;
using System.Net;
using RotationFunctions.Channels.X;

namespace RotationFunctions.Tests.StandIns;

/// <summary>
/// The X stand-in's quotas beyond the 15-minute window: the 24-hour caps per user and per app
/// (<see cref="XApiStandInOptions.UserPostLimit24Hours"/>, <see cref="XApiStandInOptions.AppPostLimit24Hours"/>)
/// and the pay-per-use credit (<see cref="XApiStandIn.SetCredits"/>), driven through the app's real <see cref="XClient"/>.
/// </summary>
public sealed class XApiStandInQuotaTests : StandInTestBase
{
    [Fact]
    public async Task Over_the_user_24_hour_cap_is_429_with_x_user_limit_headers_while_the_15_minute_window_has_room()
    {
        await using var x = await XAppSession.StartAsync(Time, new XApiStandInOptions
        {
            PostLimit = 100,
            PostWindow = TimeSpan.FromMinutes(15),
            UserPostLimit24Hours = 2,
        });
        await x.PostAsync("one");
        await x.PostAsync("two");
        Assert.DoesNotContain(x.Last.Headers.Keys, k => k.StartsWith("x-user-limit", StringComparison.OrdinalIgnoreCase));

        var ex = await x.PostRefusedAsync("three");

        Assert.Equal((XErrorKind.RateLimited, 429), (ex.Kind, ex.StatusCode));
        var answer = x.Last;
        AssertTooManyRequests(answer);
        Assert.Equal("2", answer.Headers["x-user-limit-24hour-limit"]);
        Assert.Equal("0", answer.Headers["x-user-limit-24hour-remaining"]);
        Assert.Equal(Unix(Start.AddHours(24)), answer.Headers["x-user-limit-24hour-reset"]);
        // The short window still has room and resets long before posting works again.
        Assert.Equal("100", answer.Headers["x-rate-limit-limit"]);
        Assert.Equal("97", answer.Headers["x-rate-limit-remaining"]);
        Assert.Equal(Unix(Start.AddMinutes(15)), answer.Headers["x-rate-limit-reset"]);
        // The app waits for the cap that was spent, not for the short window.
        Assert.Equal(Start.AddHours(24), ex.RateLimitReset);
        Assert.DoesNotContain(answer.Headers.Keys, k => k.StartsWith("x-app-limit", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["one", "two"], x.X.GetTweets(XAppSession.UserId).Select(t => t.Text));

        Time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(429, (await x.PostRefusedAsync("three")).StatusCode);

        Time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(15));
        await x.PostAsync("three");
        Assert.Equal(3, x.X.GetTweets(XAppSession.UserId).Count);
    }

    [Fact]
    public async Task The_app_24_hour_cap_counts_the_posts_of_every_user()
    {
        await using var x = await XAppSession.StartAsync(Time, new XApiStandInOptions { AppPostLimit24Hours = 3 });
        await x.PostAsync("acme 1");
        await x.PostAsync("acme 2");
        await x.PostAsync("other 1", x.Token(XAppSession.OtherUserId));

        var ex = await x.PostRefusedAsync("other 2", x.Token(XAppSession.OtherUserId));

        Assert.Equal((XErrorKind.RateLimited, 429), (ex.Kind, ex.StatusCode));
        AssertTooManyRequests(x.Last);
        Assert.Equal("3", x.Last.Headers["x-app-limit-24hour-limit"]);
        Assert.Equal("0", x.Last.Headers["x-app-limit-24hour-remaining"]);
        Assert.Equal(Unix(Start.AddHours(24)), x.Last.Headers["x-app-limit-24hour-reset"]);
        Assert.DoesNotContain(x.Last.Headers.Keys, k => k.StartsWith("x-user-limit", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(429, (await x.PostRefusedAsync("acme 3")).StatusCode);
        Assert.Equal(2, x.X.GetTweets(XAppSession.UserId).Count);
        Assert.Single(x.X.GetTweets(XAppSession.OtherUserId));
    }

    [Fact]
    public async Task When_the_credit_runs_out_every_request_is_402_CreditsDepleted_and_nothing_is_posted()
    {
        await using var x = await XAppSession.StartAsync(Time);
        var token = x.Token();
        x.X.SetCredits(2);
        await x.PostAsync("one", token);
        await x.PostAsync("two", token);
        Assert.Equal(0, x.X.CreditsLeft);

        var ex = await x.PostRefusedAsync("three", token);

        Assert.Equal((XErrorKind.CreditsExhausted, 402), (ex.Kind, ex.StatusCode));
        Assert.Contains("CreditsDepleted", ex.Message, StringComparison.Ordinal);
        var answer = x.Last;
        Assert.Equal(HttpStatusCode.PaymentRequired, answer.Status);
        Assert.StartsWith("application/problem+json", answer.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.True(answer.Headers.ContainsKey("x-rate-limit-remaining"));
        using (var body = JsonDocument.Parse(answer.Body))
        {
            var root = body.RootElement;
            Assert.Equal(XApiStandIn.DeveloperAccountId, root.GetProperty("account_id").GetInt64());
            Assert.Equal("CreditsDepleted", root.GetProperty("title").GetString());
            Assert.Equal($"Your enrolled account [{XApiStandIn.DeveloperAccountId}] does not have any credits to fulfill this request.",
                root.GetProperty("detail").GetString());
            Assert.Equal("https://api.twitter.com/2/problems/credits", root.GetProperty("type").GetString());
            Assert.False(root.TryGetProperty("status", out _));
        }
        Assert.Equal(["one", "two"], x.X.GetTweets(XAppSession.UserId).Select(t => t.Text));
        Assert.Equal(0, x.X.CreditsLeft);

        // Reads are blocked as well until credit is added.
        Assert.Equal(402, (await Assert.ThrowsAsync<XApiException>(() => x.Client.GetMeAsync(token, CancellationToken.None))).StatusCode);
        Assert.Equal(402, (await Assert.ThrowsAsync<XApiException>(() =>
            x.Client.GetUserTweetsAsync(token, XAppSession.UserId, 5, CancellationToken.None))).StatusCode);

        x.X.SetCredits(null);
        await x.PostAsync("three", token);
        Assert.Null(x.X.CreditsLeft);
        Assert.Equal(3, x.X.GetTweets(XAppSession.UserId).Count);
    }

    [Fact]
    public async Task Refused_posts_are_not_charged_and_ExhaustCredits_blocks_the_next_one()
    {
        await using var x = await XAppSession.StartAsync(Time);
        var token = x.Token();
        await x.PostAsync("already there", token);
        x.X.SetCredits(1);

        Assert.True((await x.PostRefusedAsync("already there", token)).IsDuplicateContent);
        Assert.Equal(400, (await x.PostRefusedAsync(new string('x', 281), token)).StatusCode);
        Assert.Equal(1, x.X.CreditsLeft);

        x.X.ExhaustCredits();
        Assert.Equal(0, x.X.CreditsLeft);
        Assert.Equal(402, (await x.PostRefusedAsync("new", token)).StatusCode);
        Assert.Single(x.X.GetTweets(XAppSession.UserId));
    }

    [Fact]
    public async Task A_post_whose_answer_is_lost_was_made_and_charged()
    {
        await using var x = await XAppSession.StartAsync(Time);
        x.X.SetCredits(1);
        x.X.InjectFault(Fault.ServiceUnavailable(), method: "POST", path: "/2/tweets", timing: FaultTiming.AfterApplying);

        var ex = await x.PostRefusedAsync("lost answer");

        Assert.Equal((XErrorKind.Transient, 503), (ex.Kind, ex.StatusCode));
        Assert.Equal("lost answer", Assert.Single(x.X.GetTweets(XAppSession.UserId)).Text);
        Assert.Equal(0, x.X.CreditsLeft);
    }

    private static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static void AssertTooManyRequests(RecordedAnswer answer)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, answer.Status);
        using var body = JsonDocument.Parse(answer.Body);
        Assert.Equal("Too Many Requests", body.RootElement.GetProperty("title").GetString());
        Assert.Equal(429, body.RootElement.GetProperty("status").GetInt32());
    }
}
