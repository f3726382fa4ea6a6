using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using RotationFunctions.Channels.X;
using RotationFunctions.StandIns.XApi;

namespace RotationFunctions.Tests.StandIns;

/// <summary>
/// The X stand-in's quotas beyond the 15-minute window: the 24-hour caps per user and per app
/// (<see cref="XApiStandInOptions.UserPostLimit24Hours"/>, <see cref="XApiStandInOptions.AppPostLimit24Hours"/>),
/// driven through the app's real <see cref="XClient"/>.
/// </summary>
public sealed class XApiStandInQuotaTests
{
    private static readonly DateTimeOffset Start = new(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Start);

    [Fact]
    public async Task Over_the_user_24_hour_cap_is_429_with_x_user_limit_headers_while_the_15_minute_window_has_room()
    {
        await using var x = await XAppSession.StartAsync(_time, new XApiStandInOptions
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
        Assert.Equal(Start.AddMinutes(15), ex.RateLimitReset);
        Assert.DoesNotContain(answer.Headers.Keys, k => k.StartsWith("x-app-limit", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["one", "two"], x.X.GetTweets(XAppSession.UserId).Select(t => t.Text));

        _time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(429, (await x.PostRefusedAsync("three")).StatusCode);

        _time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(15));
        await x.PostAsync("three");
        Assert.Equal(3, x.X.GetTweets(XAppSession.UserId).Count);
    }

    [Fact]
    public async Task The_app_24_hour_cap_counts_the_posts_of_every_user()
    {
        await using var x = await XAppSession.StartAsync(_time, new XApiStandInOptions { AppPostLimit24Hours = 3 });
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

    private static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static void AssertTooManyRequests(RecordedAnswer answer)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, answer.Status);
        using var body = JsonDocument.Parse(answer.Body);
        Assert.Equal("Too Many Requests", body.RootElement.GetProperty("title").GetString());
        Assert.Equal(429, body.RootElement.GetProperty("status").GetInt32());
    }
}
