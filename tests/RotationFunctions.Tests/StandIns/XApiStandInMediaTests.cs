using System.Net.Http.Headers;
using RotationFunctions.Tests.Portal;

namespace RotationFunctions.Tests.StandIns;

/// <summary>The X stand-in's media upload is no kinder than X's: media.write, images by their bytes, 5 MB, known media ids only.</summary>
public sealed class XApiStandInMediaTests : XApiStandInHttpTestBase
{
    private static readonly string[] MediaScopes = [.. AllScopes, "media.write"];

    private async Task<HttpResponseMessage> UploadAsync(string token, byte[] bytes)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "2/media/upload")
        {
            Content = new MultipartFormDataContent { { new ByteArrayContent(bytes), "media", "photo.png" }, { new StringContent("tweet_image"), "media_category" } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Http.SendAsync(request);
    }

    [Fact]
    public async Task An_upload_needs_media_write_and_an_image_by_its_bytes_of_at_most_5_MB_and_a_post_only_known_media_ids()
    {
        var token = X.IssueTokens(PublicClient, "1001", MediaScopes).AccessToken;
        var withoutScope = X.IssueTokens(PublicClient, "1001", AllScopes).AccessToken;
        var tooLarge = new byte[5 * 1024 * 1024 + 1];
        PortalImageTests.Png.CopyTo(tooLarge, 0);

        var noScope = await UploadAsync(withoutScope, PortalImageTests.Png);
        var notAnImage = await UploadAsync(token, "not an image, whatever the name"u8.ToArray());
        var large = await UploadAsync(token, tooLarge);
        var unknown = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Med bild", media = new { media_ids = new[] { "1870000000000000999" } } });
        var uploaded = await UploadAsync(token, PortalImageTests.Png);
        var mediaId = (await Json(uploaded)).GetProperty("data").GetProperty("id").GetString()!;
        var alt = await SendAsync(HttpMethod.Post, "2/media/metadata", token, new { id = mediaId, metadata = new { alt_text = new { text = "En bild" } } });
        var posted = await SendAsync(HttpMethod.Post, "2/tweets", token, new { text = "Med bild", media = new { media_ids = new[] { mediaId } } });

        Assert.Equal(403, (int)noScope.StatusCode);
        Assert.Equal(400, (int)notAnImage.StatusCode);
        Assert.Equal(400, (int)large.StatusCode);
        Assert.Equal(400, (int)unknown.StatusCode);
        Assert.Equal(200, (int)uploaded.StatusCode);
        Assert.Equal(200, (int)alt.StatusCode);
        Assert.Equal(201, (int)posted.StatusCode);
        Assert.Equal("En bild", X.GetAltText(mediaId));
        Assert.Equal([mediaId], Assert.Single(X.GetTweets("1001")).MediaIds);
    }
}
