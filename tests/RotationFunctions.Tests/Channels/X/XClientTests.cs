using RotationFunctions.Channels.X;
using RotationFunctions.Tests.Tokens;

namespace RotationFunctions.Tests.Channels.X;

public sealed class XClientTests(AzuriteFixture azurite) : TokenEnvironmentTestBase(azurite)
{
    private string _token = null!;

    public override async Task InitializeAsync()
    {
        await StartEnvironmentAsync();
        _token = Env.X.IssueTokens(TokenTestEnvironment.ClientId, TokenTestEnvironment.UserId, TokenTestEnvironment.Scopes).AccessToken;
    }

    private XClient Client() => Env.CreateHost().GetRequiredService<XClient>();

    [Fact]
    public async Task Post_reply_list_and_delete_round_trip()
    {
        var client = Client();
        var me = await client.GetMeAsync(_token, CancellationToken.None);
        Assert.Equal(new RotationFunctions.Channels.X.XUser(TokenTestEnvironment.UserId, TokenTestEnvironment.Handle, "Acme Curators"), me);

        var first = await client.PostTweetAsync(_token, new XPostTweetRequest("First"), CancellationToken.None);
        var reply = await client.PostTweetAsync(_token, new XPostTweetRequest("Reply", first.Id, XReplySettings.MentionedUsers), CancellationToken.None);
        var stored = Env.X.GetTweets(me.Id).Single(t => t.Id == reply.Id);
        Assert.Equal(first.Id, stored.InReplyToTweetId);
        Assert.Equal("mentionedUsers", stored.ReplySettings);

        var recent = await client.GetUserTweetsAsync(_token, me.Id, 5, CancellationToken.None);
        Assert.Equal([reply.Id, first.Id], recent.Select(t => t.Id));
        Assert.NotNull(recent[0].CreatedAt);

        Assert.True(await client.DeleteTweetAsync(_token, reply.Id, CancellationToken.None));
        Assert.False(await client.DeleteTweetAsync(_token, reply.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Errors_become_typed_exceptions_with_X_messages()
    {
        var client = Client();
        await client.PostTweetAsync(_token, new XPostTweetRequest("Same"), CancellationToken.None);

        var duplicate = await Assert.ThrowsAsync<XApiException>(() => client.PostTweetAsync(_token, new XPostTweetRequest("Same"), CancellationToken.None));
        Assert.Equal(XErrorKind.Rejected, duplicate.Kind);
        Assert.True(duplicate.IsDuplicateContent);
        Assert.Contains("duplicate content", duplicate.Message, StringComparison.Ordinal);

        var unauthorized = await Assert.ThrowsAsync<XApiException>(() => client.GetMeAsync("not-a-token", CancellationToken.None));
        Assert.Equal((XErrorKind.Unauthorized, 401), (unauthorized.Kind, unauthorized.StatusCode));
        Assert.DoesNotContain("not-a-token", unauthorized.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Idempotent_requests_are_retried_after_5xx_and_POST_never()
    {
        var client = Client();
        Env.X.InjectFault(Fault.ServiceUnavailable(), 2, "GET", "/2/users/me");
        Assert.Equal(TokenTestEnvironment.UserId, (await client.GetMeAsync(_token, CancellationToken.None)).Id);
        Assert.Equal(3, Env.X.GetRequestCount("GET", "/2/users/me"));

        Env.X.InjectFault(Fault.ServiceUnavailable(), 1, "POST", "/2/tweets");
        var ex = await Assert.ThrowsAsync<XApiException>(() => client.PostTweetAsync(_token, new XPostTweetRequest("x"), CancellationToken.None));
        Assert.Equal((XErrorKind.Transient, 503), (ex.Kind, ex.StatusCode));
        Assert.Equal(1, Env.X.GetRequestCount("POST", "/2/tweets"));
    }

    [Fact]
    public async Task A_dropped_connection_is_Transient()
    {
        Env.X.InjectFault(Fault.DropConnection(), 10, "POST", "/2/tweets");

        var ex = await Assert.ThrowsAsync<XApiException>(() => Client().PostTweetAsync(_token, new XPostTweetRequest("x"), CancellationToken.None));

        Assert.Equal(XErrorKind.Transient, ex.Kind);
        Assert.Null(ex.StatusCode);
        Assert.Equal(1, Env.X.GetRequestCount("POST", "/2/tweets"));
    }

    [Fact]
    public void Options_without_BaseUrl_stop_the_host_at_start()
    {
        var services = new ServiceCollection();
        services.AddXApi(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<XOptions>>().Value);
        Assert.Contains("BaseUrl", ex.Message, StringComparison.Ordinal);
    }
}
