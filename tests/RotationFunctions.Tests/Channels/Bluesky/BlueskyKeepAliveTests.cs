using RotationFunctions.Channels.Bluesky;
using RotationFunctions.Tests.Handover;

namespace RotationFunctions.Tests.Channels.Bluesky;

/// <summary>
/// A Bluesky account that posts nothing for months (a paused rotation) keeps its session: the rotation timer's
/// keep-alive refreshes a session unused for 30 days, before the PDS's 90-day refresh token dies, on Azurite and the
/// Key Vault and Bluesky stand-ins.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class BlueskyKeepAliveTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = new(2027, 1, 4, 6, 0, 0, TimeSpan.Zero);

    private static async Task<PipelineEnvironment> StartAsync(AzuriteFixture azurite)
    {
        var env = await PipelineEnvironment.StartAsync(azurite, Start, channels: true);
        await env.AddAccountAsync(Rows.Account(PipelineEnvironment.AccountId).With("Channels", "Bluesky"));
        return env;
    }

    /// <summary>The rotation timer's keep-alive from now until <paramref name="until"/>, every 6 hours.</summary>
    private static async Task RunTimerAsync(PipelineEnvironment env, DateTimeOffset until)
    {
        while (env.Time.GetUtcNow() < until)
        {
            env.Time.Advance(TimeSpan.FromHours(6));
            await env.Service<BlueskyKeepAlive>().KeepAliveAsync(default);
        }
    }

    [Fact]
    public async Task A_session_unused_for_120_days_still_posts_because_it_was_refreshed_every_30_days_and_not_more_often()
    {
        await using var env = await StartAsync(azurite);

        await RunTimerAsync(env, Start.AddDays(120));
        var sessions = env.Service<BlueskySessions>();
        var session = await sessions.GetAsync(PipelineEnvironment.AccountId, default);
        var uri = await env.Service<BlueskyClient>().CreateRecordAsync(
            await sessions.RefreshAsync(PipelineEnvironment.AccountId, session, default), BlueskyPublisher.PostCollection,
            BlueskyRecordKey.New(env.Time.GetUtcNow()), new System.Text.Json.Nodes.JsonObject { ["$type"] = BlueskyPublisher.PostCollection, ["text"] = "Vi är tillbaka!", ["createdAt"] = "2027-05-04T06:00:00.000Z" }, default);

        Assert.StartsWith("at://" + PipelineEnvironment.BlueskyDid, uri, StringComparison.Ordinal);
        // Days 30, 60, 90 and 120 (a day late at most, looked at once a day), then the refresh the post needed.
        Assert.InRange(env.Bluesky!.GetRequestCount("com.atproto.server.refreshSession"), 4, 5);
        Assert.Equal(0, env.Bluesky.ReusedRefreshTokens);
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Id.Name == "BlueskySessionKeptAlive");
    }

    [Fact]
    public async Task Without_the_keep_alive_the_same_wait_breaks_the_chain_and_says_to_sign_in_again()
    {
        await using var env = await StartAsync(azurite);
        var sessions = env.Service<BlueskySessions>();
        var session = await sessions.GetAsync(PipelineEnvironment.AccountId, default);

        env.Time.Advance(TimeSpan.FromDays(91));
        var broken = await Assert.ThrowsAsync<RotationFunctions.Channels.X.XApiException>(() => sessions.RefreshAsync(PipelineEnvironment.AccountId, session, default));

        Assert.Equal(RotationFunctions.Channels.X.XErrorKind.ChainBroken, broken.Kind);
        Assert.Contains("rotation bluesky authorize", broken.Message, StringComparison.Ordinal);
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Id.Name == "BlueskyChainBroken");
    }

    [Fact]
    public async Task An_account_without_a_session_is_reported_once_a_day_and_holds_no_other_account()
    {
        await using var env = await StartAsync(azurite);
        await env.AddAccountAsync(Rows.Account("unsigned").With("Channels", "X,Bluesky"));

        await RunTimerAsync(env, Start.AddDays(31).AddHours(12));

        var failures = env.Logs.GetSnapshot().Where(r => r.Id.Name == "BlueskyKeepAliveFailed").ToList();
        Assert.InRange(failures.Count, 31, 32);
        Assert.All(failures, f => Assert.Contains("unsigned", f.Message, StringComparison.Ordinal));
        Assert.Single(env.Logs.GetSnapshot(), r => r.Id.Name == "BlueskySessionKeptAlive");
    }
}
