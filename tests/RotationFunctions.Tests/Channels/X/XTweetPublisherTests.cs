using RotationFunctions.Channels.X;
using RotationFunctions.Tests.Tokens;

namespace RotationFunctions.Tests.Channels.X;

public sealed class XTweetPublisherTests(AzuriteFixture azurite) : TokenEnvironmentTestBase(azurite)
{
    private FakeTimeProvider? _fakeTime;

    private async Task StartAsync(XApiStandInOptions? xOptions = null, bool fakeTime = false)
    {
        _fakeTime = fakeTime ? new FakeTimeProvider(DateTimeOffset.UtcNow) : null;
        await StartEnvironmentAsync(_fakeTime, xOptions: xOptions);
        await Env.AddAccountAsync(Account);
    }

    private ITweetPublisher Publisher() => Env.CreateHost().GetRequiredService<ITweetPublisher>();

    private ITweetFinder Finder() => Env.CreateHost().GetRequiredService<ITweetFinder>();

    /// <summary>Publishes as <see cref="Account"/> through the publisher of a new host.</summary>
    private Task<PublishResult> PublishAsync(string text) => Publisher().PublishAsync(Account, text, CancellationToken.None);

    /// <summary>Publishing <paramref name="text"/> fails as <paramref name="kind"/>; the exception, for what else the test checks.</summary>
    private async Task<XApiException> PublishRefusedAsync(string text, XErrorKind kind)
    {
        var ex = await Assert.ThrowsAsync<XApiException>(() => PublishAsync(text));
        Assert.Equal(kind, ex.Kind);
        return ex;
    }

    private IReadOnlyList<RotationFunctions.StandIns.XApi.XTweet> Posted() =>
        Env.X.GetTweets(TokenTestEnvironment.UserId).Where(t => !t.Deleted).ToList();

    [Fact]
    public async Task PublishAsync_posts_and_returns_the_tweet_id()
    {
        await StartAsync();
        await Env.SeedTokensAsync(Account);

        var result = await PublishAsync("Hello, I am Anna, curator this week.");

        var tweet = Assert.Single(Posted());
        Assert.Equal(new PublishResult(tweet.Id, WasDuplicate: false), result);
        Assert.Equal("Hello, I am Anna, curator this week.", tweet.Text);
    }

    [Fact]
    public async Task A_401_during_a_post_refreshes_once_and_succeeds()
    {
        await StartAsync();
        await Env.SeedTokensAsync(Account, accessToken: "revoked-access-token");

        var result = await PublishAsync("Hello after a refresh");

        Assert.False(result.WasDuplicate);
        Assert.Single(Posted());
        Assert.Equal(1, Env.X.RefreshCount);
        Assert.Equal(2, Env.X.GetRequestCount("POST", "/2/tweets"));
        Assert.NotEqual("revoked-access-token", Env.StoredBundle(Account)!.AccessToken);
        Env.AssertNoSecretIn(Env.AllLogText(), Account);
    }

    [Fact]
    public async Task A_second_401_after_the_refresh_gives_up_as_Unauthorized()
    {
        await StartAsync();
        await Env.SeedTokensAsync(Account);
        Env.X.InjectFault(Fault.WithStatus(401), 2, "POST", "/2/tweets");

        var ex = await PublishRefusedAsync("Hello", XErrorKind.Unauthorized);

        Assert.Equal(1, Env.X.RefreshCount);
    }

    [Fact]
    public async Task Duplicate_content_is_not_a_failure_and_names_the_existing_tweet()
    {
        await StartAsync();
        await Env.SeedTokensAsync(Account);
        var first = await PublishAsync("Goodbye &amp; thanks!");

        var second = await PublishAsync("Goodbye &amp; thanks!");

        Assert.Equal(new PublishResult(first.TweetId, WasDuplicate: true), second);
        Assert.Single(Posted());
    }

    [Fact]
    public async Task A_post_that_timed_out_after_taking_effect_is_not_sent_again_and_the_finder_finds_it()
    {
        await StartAsync();
        Env.Settings["X:AttemptTimeout"] = "00:00:01";
        await Env.SeedTokensAsync(Account);
        Env.X.InjectFault(Fault.Hang(), 1, "POST", "/2/tweets", FaultTiming.AfterApplying);
        var attempted = DateTimeOffset.UtcNow;

        await PublishRefusedAsync("Intro that timed out", XErrorKind.Transient);
        var found = await Finder().FindAsync(Account, "Intro that timed out", attempted, CancellationToken.None);

        Assert.Equal(Assert.Single(Posted()).Id, found);
        Assert.Equal(1, Env.X.GetRequestCount("POST", "/2/tweets"));
    }

    [Fact]
    public async Task A_5xx_is_not_posted_again_and_the_finder_finds_nothing()
    {
        await StartAsync();
        await Env.SeedTokensAsync(Account);
        Env.X.InjectFault(Fault.ServiceUnavailable(), 1, "POST", "/2/tweets");
        var attempted = DateTimeOffset.UtcNow;

        await PublishRefusedAsync("Intro after a 503", XErrorKind.Transient);

        Assert.Null(await Finder().FindAsync(Account, "Intro after a 503", attempted, CancellationToken.None));
        Assert.Empty(Posted());
        Assert.Equal(1, Env.X.GetRequestCount("POST", "/2/tweets"));
    }

    [Fact]
    public async Task The_finder_does_not_take_a_same_text_tweet_from_before_the_attempt_for_the_attempt()
    {
        await StartAsync();
        await Env.SeedTokensAsync(Account);
        await PublishAsync("Hej från akuten!");

        // The same text, tried ten minutes later: the old tweet is not that attempt's.
        Assert.Null(await Finder().FindAsync(Account, "Hej från akuten!", DateTimeOffset.UtcNow.AddMinutes(10), CancellationToken.None));
    }

    [Fact]
    public async Task A_429_within_the_bound_waits_for_x_rate_limit_reset_then_posts()
    {
        await StartAsync(new XApiStandInOptions { PostLimit = 1, PostWindow = TimeSpan.FromMinutes(1) }, fakeTime: true);
        await Env.SeedTokensAsync(Account);
        var publisher = Publisher();
        await publisher.PublishAsync(Account, "first", CancellationToken.None);

        var second = publisher.PublishAsync(Account, "second", CancellationToken.None);
        for (var i = 0; i < 200 && !second.IsCompleted; i++)
        {
            await Task.Delay(10);
            _fakeTime!.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.False((await second).WasDuplicate);
        Assert.Equal(2, Posted().Count);
    }

    [Fact]
    public async Task A_429_beyond_the_bound_gives_up_with_RetryAfter()
    {
        await StartAsync(new XApiStandInOptions { PostLimit = 1, PostWindow = TimeSpan.FromHours(24) }, fakeTime: true);
        await Env.SeedTokensAsync(Account);
        var publisher = Publisher();
        await publisher.PublishAsync(Account, "first", CancellationToken.None);

        var ex = await Assert.ThrowsAsync<XApiException>(() => publisher.PublishAsync(Account, "second", CancellationToken.None));

        Assert.Equal(XErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.IsRetryable);
        Assert.InRange(ex.RetryAfter!.Value, TimeSpan.FromHours(23), TimeSpan.FromHours(24));
        Assert.NotNull(ex.RateLimitReset);
    }

    [Fact]
    public async Task Text_X_refuses_is_Rejected_and_not_retried()
    {
        await StartAsync();
        await Env.SeedTokensAsync(Account);

        var ex = await PublishRefusedAsync(new string('a', 281), XErrorKind.Rejected);

        Assert.Contains("too long", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, Env.X.GetRequestCount("POST", "/2/tweets"));
    }

    [Fact]
    public async Task An_expired_token_on_a_broken_chain_fails_as_ChainBroken_without_asking_X()
    {
        await StartAsync();
        await Env.AddAccountAsync(Account, tokenState: "broken");
        await Env.SeedTokensAsync(Account, storedExpiresAt: DateTimeOffset.UtcNow.AddMinutes(-1));

        var ex = await PublishRefusedAsync("Hello", XErrorKind.ChainBroken);

        Assert.Contains("rotation x authorize --account acme", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, Env.X.GetRequestCount("POST", "/2/oauth2/token"));
    }

    [Fact]
    public async Task A_never_authorized_account_fails_as_Unauthorized_with_what_to_do()
    {
        await StartAsync();

        var ex = await PublishRefusedAsync("Hello", XErrorKind.Unauthorized);

        Assert.Contains("rotation x authorize --account acme", ex.Message, StringComparison.Ordinal);
    }
}
