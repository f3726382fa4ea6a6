using System.Text;
using RotationFunctions.Channels.Bluesky;
using RotationFunctions.Tests.Handover;

namespace RotationFunctions.Tests.Channels;

/// <summary>Handovers on X, Bluesky and Mastodon at once, on Azurite and the three stand-ins.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ChannelsPipelineTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Start = new(2027, 1, 4, 6, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SecondBoundary = new(2027, 1, 11, 7, 0, 0, TimeSpan.Zero);
    private const string SecondKey = "2027-01-11T07:00:00Z";

    private static async Task<PipelineEnvironment> StartAsync(AzuriteFixture azurite, string channels = "X,Bluesky,Mastodon")
    {
        var env = await PipelineEnvironment.StartAsync(azurite, Start, channels: true);
        await env.AddAccountAsync(Rows.Account(PipelineEnvironment.AccountId).With("Channels", channels).With("MastodonInstance", env.Mastodon!.BaseAddress.ToString()));
        await env.AddSlotAsync(Rows.Slot("2027-01-04", "Anna Svensson", "anna_sv").With("CuratorBlueskyHandle", "anna.bsky.social"));
        await env.AddSlotAsync(Rows.Slot("2027-01-11", "Bo Ek", "bo_ek", "vaktmästare").With("CuratorMastodonHandle", "bo@mastodon.nu").With("EndsAt", "2027-01-18T08:00"));
        env.Bluesky!.AddHandle("anna.bsky.social", "did:plc:anna");
        return env;
    }

    private static IReadOnlyList<string> BlueskyTexts(PipelineEnvironment env) => [.. env.Bluesky!.GetPosts(PipelineEnvironment.BlueskyDid).Select(p => p.Text)];

    private static IReadOnlyList<string> MastodonTexts(PipelineEnvironment env) => [.. env.Mastodon!.GetStatuses(PipelineEnvironment.MastodonAccountId).Select(s => s.Text)];

    [Fact]
    public async Task Each_step_is_posted_once_on_each_channel_with_the_curators_handles_there_and_recorded_per_channel()
    {
        await using var env = await StartAsync(azurite);

        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 11, 8, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        Assert.Equal(3, env.Tweets().Count);
        var bluesky = BlueskyTexts(env);
        var mastodon = MastodonTexts(env);
        Assert.Equal(3, bluesky.Count);
        Assert.Equal(3, mastodon.Count);
        // {handle}: Anna has a Bluesky handle, Bo a Mastodon one; without one, the name stands alone.
        Assert.StartsWith("Hej! Jag heter Anna Svensson (@anna.bsky.social) och är", bluesky[0], StringComparison.Ordinal);
        Assert.StartsWith("Hej! Jag heter Anna Svensson och är", mastodon[0], StringComparison.Ordinal);
        Assert.Contains("Nu lämnar jag över till Bo Ek (@bo@mastodon.nu), vaktmästare.", mastodon[1], StringComparison.Ordinal);
        Assert.Contains("Nu lämnar jag över till Bo Ek, vaktmästare.", bluesky[1], StringComparison.Ordinal);
        Assert.DoesNotContain("@Sodersjukhuset", bluesky[0], StringComparison.Ordinal);
        // The mention is a facet with the DID, over "@anna.bsky.social" in UTF-8 bytes.
        var first = env.Bluesky!.GetPosts(PipelineEnvironment.BlueskyDid)[0];
        var facet = first.Record["facets"]![0]!;
        Assert.Equal("did:plc:anna", facet["features"]![0]!["did"]!.GetValue<string>());
        var start = facet["index"]!["byteStart"]!.GetValue<int>();
        var end = facet["index"]!["byteEnd"]!.GetValue<int>();
        Assert.Equal("@anna.bsky.social", Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(first.Text)[start..end]));
        Assert.Equal(BlueskyRecordKey.For(new DateTimeOffset(2027, 1, 4, 7, 0, 0, TimeSpan.Zero), (int)StepKind.Intro), first.RecordKey);

        var row = await env.HandoverRowAsync(SecondKey);
        Assert.Equal(HandoverStatus.Done, row.Status);
        Assert.Equal("X,Bluesky,Mastodon", row.Channels);
        Assert.Equal(StepStatus.Posted, row.BlueskyOutroStatus);
        Assert.Equal(StepStatus.Posted, row.MastodonIntroStatus);
        Assert.StartsWith("at://did:plc:sodersjukhuset/app.bsky.feed.post/", row.BlueskyIntroPostId, StringComparison.Ordinal);
        Assert.Equal(env.Mastodon!.GetStatuses(PipelineEnvironment.MastodonAccountId)[^1].Id, row.MastodonIntroPostId);
    }

    [Fact]
    public async Task A_row_and_message_in_the_previous_format_post_on_X_only_though_the_account_now_names_three_channels()
    {
        await using var env = await StartAsync(azurite);
        // Planned before channels existed: a row without Channels and a message without "channels".
        await env.HandoversTable.AddEntityAsync(new TableEntity(PipelineEnvironment.AccountId, SecondKey)
        {
            ["Status"] = HandoverStatus.Planned, ["BoundaryAt"] = SecondBoundary, ["PlannedAt"] = Start, ["OutroStatus"] = StepStatus.Pending, ["IntroStatus"] = StepStatus.Pending, ["Deliveries"] = 0,
        });
        env.AdvanceTo(SecondBoundary);

        await env.Processor.HandleAsync($$"""{"v":1,"account":"{{PipelineEnvironment.AccountId}}","boundary":"2027-01-11T07:00:00+00:00"}""", 1, default);

        var row = await env.HandoverRowAsync(SecondKey);
        Assert.Equal(HandoverStatus.Done, row.Status);
        Assert.Equal(2, env.Tweets().Count);
        Assert.Empty(BlueskyTexts(env));
        Assert.Empty(MastodonTexts(env));
    }

    [Fact]
    public async Task A_message_in_the_previous_format_whose_row_is_gone_recreates_it_for_X_only()
    {
        await using var env = await StartAsync(azurite);
        env.AdvanceTo(SecondBoundary);

        await env.Processor.HandleAsync(new HandoverMessage(1, PipelineEnvironment.AccountId, SecondBoundary).ToJson(), 1, default);

        Assert.Equal(2, env.Tweets().Count);
        Assert.Empty(BlueskyTexts(env));
        Assert.Null((await env.HandoverRowAsync(SecondKey)).Channels);
    }

    [Fact]
    public async Task Bluesky_down_holds_neither_X_nor_Mastodon_and_its_steps_follow_once_it_is_back()
    {
        await using var env = await StartAsync(azurite);
        await env.AdvanceToAndPlanAsync(SecondBoundary - TimeSpan.FromMinutes(5));
        env.Bluesky!.InjectFault(Fault.ServiceUnavailable(), count: 1, method: "POST", path: "/xrpc/com.atproto.repo.createRecord");
        env.AdvanceTo(SecondBoundary);

        await env.DeliverDueAsync();

        // X and Mastodon at the boundary; Bluesky's steps only after its back-off (30 s), in a later copy of the message.
        Assert.All(env.X.GetTweets(PipelineEnvironment.UserId).TakeLast(2), t => Assert.Equal(SecondBoundary, t.CreatedAt));
        Assert.All(env.Mastodon!.GetStatuses(PipelineEnvironment.MastodonAccountId), s => Assert.Equal(SecondBoundary, s.CreatedAt));
        Assert.All(env.Bluesky.GetPosts(PipelineEnvironment.BlueskyDid), p => Assert.True(p.IndexedAt >= SecondBoundary + TimeSpan.FromSeconds(30)));
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Id.Name == "HandoverChannelWaits" && r.Message.Contains("Bluesky", StringComparison.Ordinal));

        await env.RunUntilAsync(SecondBoundary + TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1));

        Assert.Equal(2, BlueskyTexts(env).Count);
        Assert.Equal(2, env.Tweets().Count);
        Assert.Equal(2, MastodonTexts(env).Count);
        Assert.Equal(HandoverStatus.Done, (await env.HandoverRowAsync(SecondKey)).Status);
    }

    [Fact]
    public async Task A_Bluesky_record_made_but_its_answer_lost_is_found_by_its_record_key_and_not_posted_again()
    {
        await using var env = await StartAsync(azurite, "Bluesky");
        await env.AdvanceToAndPlanAsync(SecondBoundary - TimeSpan.FromMinutes(5));
        // The PDS accepts the outro and the answer never arrives: a crash between acceptance and our record.
        env.Bluesky!.InjectFault(Fault.DropConnection(), count: 1, method: "POST", path: "/xrpc/com.atproto.repo.createRecord", timing: FaultTiming.AfterApplying);
        env.AdvanceTo(SecondBoundary);

        await env.RunUntilAsync(SecondBoundary + TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1));

        Assert.Equal(2, BlueskyTexts(env).Count);
        var row = await env.HandoverRowAsync(SecondKey);
        Assert.Equal(HandoverStatus.Done, row.Status);
        Assert.Equal(env.Bluesky.GetPosts(PipelineEnvironment.BlueskyDid)[0].Uri, row.BlueskyOutroPostId);
    }

    [Fact]
    public async Task A_Bluesky_retry_that_posts_again_gets_record_already_exists_and_records_the_first_post()
    {
        await using var env = await StartAsync(azurite, "Bluesky");
        var outro = new RotationFunctions.Channels.ChannelPost(PipelineEnvironment.AccountId, "Hej då!", SecondBoundary, $"{PipelineEnvironment.AccountId}/{SecondKey}/outro/Bluesky", SecondBoundary, 0);
        var publisher = env.Services.GetServices<RotationFunctions.Channels.IChannelPublisher>().Single(p => p.Channel == Channel.Bluesky);

        var first = await publisher.PublishAsync(outro, default);
        var again = await publisher.PublishAsync(outro, default);

        Assert.False(first.WasDuplicate);
        Assert.True(again.WasDuplicate);
        Assert.Equal(first.TweetId, again.TweetId);
        Assert.Single(BlueskyTexts(env));
    }

    [Fact]
    public async Task An_expired_Bluesky_access_token_is_refreshed_once_and_the_spent_refresh_token_never_presented_again()
    {
        await using var env = await StartAsync(azurite, "Bluesky");
        // The PDS's access tokens live 2 h: at the boundary, a week later, the stored one has long expired.
        await env.RunUntilAsync(SecondBoundary + TimeSpan.FromMinutes(5), TimeSpan.FromHours(6));

        Assert.Equal(3, BlueskyTexts(env).Count);
        Assert.Equal(0, env.Bluesky!.ReusedRefreshTokens);
        Assert.InRange(env.Bluesky.GetRequestCount("com.atproto.server.refreshSession"), 1, 2);
    }

    [Fact]
    public async Task A_Mastodon_status_made_but_its_answer_lost_is_not_posted_twice()
    {
        await using var env = await StartAsync(azurite, "Mastodon");
        await env.AdvanceToAndPlanAsync(SecondBoundary - TimeSpan.FromMinutes(5));
        env.Mastodon!.InjectFault(Fault.DropConnection(), count: 1, method: "POST", path: "/api/v1/statuses", timing: FaultTiming.AfterApplying);
        env.AdvanceTo(SecondBoundary);

        await env.RunUntilAsync(SecondBoundary + TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(1));

        Assert.Equal(2, MastodonTexts(env).Count);
        Assert.Equal(HandoverStatus.Done, (await env.HandoverRowAsync(SecondKey)).Status);
    }
}
