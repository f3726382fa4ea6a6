using System.Net;
using RotationFunctions.Channels.X;

namespace RotationFunctions.Tests.Channels.X;

/// <summary>What a 429 or 402 from X means for when to try again.</summary>
public sealed class XRateLimitResetTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);

    private static async Task<XApiException> AnswerAsync(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage(status) { Content = new StringContent("""{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}""") };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }
        return await XClient.ToExceptionAsync(response, "POST /2/tweets", new FakeTimeProvider(Now), default);
    }

    private static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_spent_24_hour_user_cap_resets_when_the_cap_does_not_when_the_15_minute_window_does()
    {
        var window = Now.AddMinutes(3);
        var day = Now.AddHours(20);

        var e = await AnswerAsync(HttpStatusCode.TooManyRequests,
            ("x-rate-limit-limit", "100"), ("x-rate-limit-remaining", "97"), ("x-rate-limit-reset", Unix(window)),
            ("x-user-limit-24hour-limit", "2400"), ("x-user-limit-24hour-remaining", "0"), ("x-user-limit-24hour-reset", Unix(day)));

        Assert.Equal(XErrorKind.RateLimited, e.Kind);
        Assert.Equal(day, e.RateLimitReset);
        Assert.Equal(TimeSpan.FromHours(20), e.RetryAfter);
    }

    [Fact]
    public async Task A_spent_app_cap_counts_too_and_a_cap_with_posts_left_does_not()
    {
        var window = Now.AddMinutes(3);

        var app = await AnswerAsync(HttpStatusCode.TooManyRequests,
            ("x-rate-limit-reset", Unix(window)), ("x-app-limit-24hour-remaining", "0"), ("x-app-limit-24hour-reset", Unix(Now.AddHours(5))),
            ("x-user-limit-24hour-remaining", "12"), ("x-user-limit-24hour-reset", Unix(Now.AddHours(9))));
        var window15 = await AnswerAsync(HttpStatusCode.TooManyRequests,
            ("x-rate-limit-reset", Unix(window)), ("x-user-limit-24hour-remaining", "12"), ("x-user-limit-24hour-reset", Unix(Now.AddHours(9))));

        Assert.Equal(Now.AddHours(5), app.RateLimitReset);
        Assert.Equal(window, window15.RateLimitReset);
    }

    [Fact]
    public async Task A_402_is_credits_exhausted_not_a_refusal_of_the_text()
    {
        var e = await AnswerAsync(HttpStatusCode.PaymentRequired);

        Assert.Equal((XErrorKind.CreditsExhausted, 402), (e.Kind, e.StatusCode));
        Assert.Contains("credits", e.Message, StringComparison.Ordinal);
    }
}
