using System.Text.Json.Nodes;
using RotationFunctions.Channels.Bluesky;
using RotationFunctions.StandIns.Bluesky;

namespace RotationFunctions.Tests.Channels.Bluesky;

/// <summary>The Bluesky client on the PDS stand-in, where a retry depends on it.</summary>
public sealed class BlueskyClientTests
{
    /// <summary>A PDS stand-in on a fake clock with account did:plc:sos (main password "main-password") and a client on it.</summary>
    private sealed record Pds(FakeTimeProvider Time, BlueskyStandIn StandIn, BlueskyClient Client, HttpClient Http) : IAsyncDisposable
    {
        public static async Task<Pds> StartAsync()
        {
            var time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 4, 7, 0, 0, TimeSpan.Zero));
            var pds = await BlueskyStandIn.StartAsync(time);
            pds.AddAccount("did:plc:sos", "sos.bsky.social", "main-password");
            var http = new HttpClient();
            return new Pds(time, pds, new BlueskyClient(http, Options.Create(new BlueskyOptions { ServiceUrl = pds.BaseAddress })), http);
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await StandIn.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_same_record_is_sent_again_after_the_access_token_expired_as_the_publishers_retry_after_a_refresh_does()
    {
        await using var p = await Pds.StartAsync();
        var (time, pds, client) = (p.Time, p.StandIn, p.Client);
        var session = await client.CreateSessionAsync("sos.bsky.social", "main-password", default);
        var record = new JsonObject { ["$type"] = "app.bsky.feed.post", ["text"] = "Hej!", ["createdAt"] = "2027-01-04T07:00:00.000Z" };
        var rkey = BlueskyRecordKey.For(time.GetUtcNow(), 1);
        time.Advance(TimeSpan.FromHours(3));

        var expired = await Assert.ThrowsAsync<BlueskyXrpcException>(() => client.CreateRecordAsync(session, "app.bsky.feed.post", rkey, record, default));
        Assert.True(expired.IsExpiredToken);
        var fresh = await client.RefreshSessionAsync(session.RefreshJwt, default);
        var uri = await client.CreateRecordAsync(fresh, "app.bsky.feed.post", rkey, record, default);

        Assert.Equal($"at://did:plc:sos/app.bsky.feed.post/{rkey}", uri);
        Assert.Equal("Hej!", Assert.Single(pds.GetPosts("did:plc:sos")).Text);
    }

    [Fact]
    public async Task A_refresh_token_unused_for_90_days_is_refused_as_expired_and_one_used_on_day_89_gives_a_new_90()
    {
        await using var p = await Pds.StartAsync();
        var (time, _, client) = (p.Time, p.StandIn, p.Client);
        var idle = await client.CreateSessionAsync("sos.bsky.social", "main-password", default);
        var used = await client.CreateSessionAsync("sos.bsky.social", "main-password", default);

        time.Advance(TimeSpan.FromDays(89));
        var renewed = await client.RefreshSessionAsync(used.RefreshJwt, default);
        time.Advance(TimeSpan.FromDays(1));

        var expired = await Assert.ThrowsAsync<BlueskyXrpcException>(() => client.RefreshSessionAsync(idle.RefreshJwt, default));
        Assert.Equal((400, "ExpiredToken"), (expired.Status, expired.Error));
        time.Advance(TimeSpan.FromDays(88));
        await client.RefreshSessionAsync(renewed.RefreshJwt, default);
    }

    [Fact]
    public async Task A_post_embedding_an_uploaded_image_keeps_its_alt_text_and_one_naming_a_blob_the_repo_never_took_is_refused()
    {
        await using var p = await Pds.StartAsync();
        var (time, pds, client) = (p.Time, p.StandIn, p.Client);
        var session = await client.CreateSessionAsync("sos.bsky.social", "main-password", default);
        static JsonObject Post(string text, JsonObject blob) => new()
        {
            ["$type"] = "app.bsky.feed.post", ["text"] = text, ["createdAt"] = "2027-01-04T07:00:00.000Z",
            ["embed"] = new JsonObject { ["$type"] = "app.bsky.embed.images", ["images"] = new JsonArray(new JsonObject { ["alt"] = "Blå stolar.", ["image"] = blob }) },
        };

        var blob = await client.UploadBlobAsync(session, Portal.PortalImageTests.Png, "image/png", default);
        var again = await client.UploadBlobAsync(session, Portal.PortalImageTests.Png, "image/png", default);
        var unknown = (JsonObject)blob.DeepClone();
        unknown["ref"] = new JsonObject { ["$link"] = "bafkreiaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" };
        await client.CreateRecordAsync(session, "app.bsky.feed.post", BlueskyRecordKey.For(time.GetUtcNow(), 1), Post("Med bild.", blob), default);
        var refused = await Assert.ThrowsAsync<BlueskyXrpcException>(() =>
            client.CreateRecordAsync(session, "app.bsky.feed.post", BlueskyRecordKey.For(time.GetUtcNow(), 2), Post("Med okänd bild.", unknown), default));

        // Content addressed: the same bytes answer the same blob.
        Assert.Equal(blob.ToJsonString(), again.ToJsonString());
        Assert.Equal(("Blå stolar.", "image/png", (long)Portal.PortalImageTests.Png.Length), Assert.Single(Assert.Single(pds.GetPosts("did:plc:sos")).Images));
        Assert.Equal(400, refused.Status);
        Assert.Equal("BlobNotFound", refused.Error);
    }
}
