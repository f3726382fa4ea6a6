using System.Text.Json.Nodes;
using RotationFunctions.Channels.Bluesky;
using RotationFunctions.StandIns.Bluesky;

namespace RotationFunctions.Tests.Channels.Bluesky;

/// <summary>
/// com.atproto.repo.deleteRecord on the PDS stand-in, as the portal's takedown relies on it: the account's own record
/// goes (a commit in the answer), a record already gone is a no-op told apart by no commit, another's repo is refused.
/// </summary>
public sealed class BlueskyDeleteTests
{
    private static readonly JsonObject Record = new() { ["$type"] = "app.bsky.feed.post", ["text"] = "Hej!", ["createdAt"] = "2027-01-04T07:00:00.000Z" };

    [Fact]
    public async Task The_accounts_own_post_is_deleted_once_and_deleting_it_again_says_nothing_was_there()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 4, 7, 0, 0, TimeSpan.Zero));
        await using var pds = await BlueskyStandIn.StartAsync(time);
        pds.AddAccount("did:plc:sos", "sos.bsky.social", "main-password");
        using var http = new HttpClient();
        var client = new BlueskyClient(http, Options.Create(new BlueskyOptions { ServiceUrl = pds.BaseAddress }));
        var session = await client.CreateSessionAsync("sos.bsky.social", "main-password", default);
        var rkey = BlueskyRecordKey.For(time.GetUtcNow(), 1);
        await client.CreateRecordAsync(session, "app.bsky.feed.post", rkey, Record, default);

        var first = await client.DeleteRecordAsync(session, "app.bsky.feed.post", rkey, default);
        var again = await client.DeleteRecordAsync(session, "app.bsky.feed.post", rkey, default);

        Assert.True(first);
        Assert.False(again);
        Assert.Empty(pds.GetPosts("did:plc:sos"));
        Assert.Equal(rkey, Assert.Single(pds.GetDeletedPosts("did:plc:sos")).RecordKey);
        Assert.Null(await client.GetRecordAsync("did:plc:sos", "app.bsky.feed.post", rkey, default));
    }

    [Fact]
    public async Task Another_accounts_record_is_refused_by_the_PDS_and_never_asked_for_by_the_publisher()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 4, 7, 0, 0, TimeSpan.Zero));
        await using var pds = await BlueskyStandIn.StartAsync(time);
        pds.AddAccount("did:plc:sos", "sos.bsky.social", "main-password");
        pds.AddAccount("did:plc:eva", "eva.bsky.social", "eva-password");
        using var http = new HttpClient();
        var client = new BlueskyClient(http, Options.Create(new BlueskyOptions { ServiceUrl = pds.BaseAddress }));
        var eva = await client.CreateSessionAsync("eva.bsky.social", "eva-password", default);
        var sos = await client.CreateSessionAsync("sos.bsky.social", "main-password", default);
        var rkey = BlueskyRecordKey.For(time.GetUtcNow(), 1);
        await client.CreateRecordAsync(eva, "app.bsky.feed.post", rkey, Record, default);

        // The session's own repo with eva's record key: nothing of sos's is there (no commit); eva's repo named: refused.
        var ownRepo = await client.DeleteRecordAsync(sos, "app.bsky.feed.post", rkey, default);
        var forged = await Assert.ThrowsAsync<BlueskyXrpcException>(() => client.DeleteRecordAsync(sos with { Did = "did:plc:eva" }, "app.bsky.feed.post", rkey, default));

        Assert.False(ownRepo);
        Assert.Equal((401, "AuthRequired"), (forged.Status, forged.Error));
        Assert.Single(pds.GetPosts("did:plc:eva"));
        Assert.Empty(pds.GetDeletedPosts("did:plc:eva"));
        Assert.Null(BlueskyPublisher.ParseUri($"https://bsky.app/profile/did:plc:eva/post/{rkey}"));
        Assert.Equal(("did:plc:eva", "app.bsky.feed.post", rkey), BlueskyPublisher.ParseUri($"at://did:plc:eva/app.bsky.feed.post/{rkey}"));
    }
}
