using RotationFunctions.Channels;
using RotationFunctions.Channels.Mastodon;
using RotationFunctions.Channels.X;
using RotationFunctions.StandIns.Mastodon;

namespace RotationFunctions.Tests.Channels.Mastodon;

/// <summary>The Mastodon client's media on the instance stand-in: what a status may name, as the instance decides it.</summary>
public sealed class MastodonClientTests
{
    [Fact]
    public async Task A_status_naming_media_the_account_never_uploaded_or_still_processing_is_refused_and_one_with_processed_media_keeps_its_description()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 1, 4, 7, 0, 0, TimeSpan.Zero));
        await using var instance = await MastodonStandIn.StartAsync(time);
        instance.AddAccount("109000000000000001", "sos", "token-1");
        using var http = new HttpClient();
        var client = new MastodonClient(http, Options.Create(new MastodonOptions()), time);
        var image = new ChannelImage(Portal.PortalImageTests.Png, "image/png", "Blå stolar.");
        instance.MediaProcessingPolls = 1;

        var processing = await client.UploadMediaAsync(instance.BaseAddress, "token-1", image, default);
        var notReady = await Assert.ThrowsAsync<XApiException>(() =>
            client.PostStatusAsync(instance.BaseAddress, "token-1", "Med bild.", "key-1", default, [processing.Id]));
        var unknown = await Assert.ThrowsAsync<XApiException>(() =>
            client.PostStatusAsync(instance.BaseAddress, "token-1", "Med okänd bild.", "key-2", default, ["1"]));
        var stillProcessing = !await client.IsProcessedAsync(instance.BaseAddress, "token-1", processing.Id, default);
        var processed = await client.IsProcessedAsync(instance.BaseAddress, "token-1", processing.Id, default);
        var status = await client.PostStatusAsync(instance.BaseAddress, "token-1", "Med bild.", "key-3", default, [processing.Id]);

        Assert.False(processing.Processed);
        // Not processed yet: a moment later it goes (transient); an unknown id never does.
        Assert.Equal((422, XErrorKind.Transient), (notReady.StatusCode, notReady.Kind));
        Assert.Equal((422, XErrorKind.Rejected), (unknown.StatusCode, unknown.Kind));
        Assert.True(stillProcessing);
        Assert.True(processed);
        var posted = Assert.Single(instance.GetStatuses("109000000000000001"));
        Assert.Equal(status.Id, posted.Id);
        Assert.Equal("Blå stolar.", Assert.Single(posted.Media).Description);
    }
}
