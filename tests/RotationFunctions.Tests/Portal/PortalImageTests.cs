using Azure.Storage.Blobs;
using Microsoft.Playwright;

namespace RotationFunctions.Tests.Portal;

/// <summary>Images on portal posts: uploaded to X with alt text, staged until posted, and every rule a clear 400 with nothing posted.</summary>
[Collection(PortalCollection.Name)]
public sealed class PortalImageTests(AzuriteFixture azurite, BrowserFixture browser)
{
    /// <summary>A 1×1 PNG.</summary>
    internal static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Fact]
    public async Task A_post_with_an_image_reaches_X_with_its_alt_text_and_the_staged_copy_is_removed()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true);
        await env.GrantMediaWriteAsync();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync((await env.LinkAsync()).ToString());

        await page.FillAsync("#text", "Akutens nya väntrum.");
        await page.SetInputFilesAsync("#image1", new FilePayload { Name = "rum.png", MimeType = "image/png", Buffer = Png });
        await page.FillAsync("#alt1", "Ett tomt väntrum med blå stolar.");
        await page.CheckAsync("#nobodyIdentifiable");
        await page.ClickAsync("#post");
        await page.WaitForURLAsync(url => url.Contains("?posted=", StringComparison.Ordinal));

        var tweet = Assert.Single(env.X.GetTweets(PortalEnvironment.UserId));
        Assert.Equal("Akutens nya väntrum.", tweet.Text);
        var media = Assert.Single(tweet.MediaIds!);
        Assert.Equal("Ett tomt väntrum med blå stolar.", env.X.GetAltText(media));
        Assert.Equal(1, Assert.Single(await env.PostRowsAsync()).GetInt32("MediaCount"));
        var staged = env.Server.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(env.Names.PortalStagingContainer);
        Assert.Empty(await staged.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "media/", default).ToListAsync());
    }

    [Fact]
    public async Task A_file_that_is_no_image_by_its_bytes_one_too_large_five_files_a_missing_alt_text_or_no_confirmation_is_a_clear_400_and_nothing_is_posted()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true);
        await env.GrantMediaWriteAsync();
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync((await env.LinkAsync()).ToString());
        var token = await page.GetAttributeAsync("input[name=__rf]", "value");
        var tooLarge = new byte[PortalImage.MaxBytes + 1];
        Png.CopyTo(tooLarge, 0);
        var script = "<script>alert(1)</script>"u8.ToArray();

        async Task<(int Status, string Body)> PostAsync(Func<IFormData, IFormData> files, bool confirm = true)
        {
            var form = context.APIRequest.CreateFormData().Set("__rf", token!).Set("postId", Guid.NewGuid().ToString("N")).Set("text", "Ett inlägg med bild.");
            form = files(confirm ? form.Set("nobodyIdentifiable", "yes") : form);
            var answer = await context.APIRequest.PostAsync(env.Page("post").ToString(), new APIRequestContextOptions
            {
                Multipart = form,
                Headers = new Dictionary<string, string> { ["Origin"] = env.Server.BaseAddress.GetLeftPart(UriPartial.Authority) },
                MaxRedirects = 0,
            });
            return (answer.Status, await answer.TextAsync());
        }
        static FilePayload File(byte[] bytes, string name = "bild.png", string type = "image/png") => new() { Name = name, MimeType = type, Buffer = bytes };

        var notAnImage = await PostAsync(f => f.Set("image1", File(script, "foto.jpg", "image/jpeg")).Set("alt1", "Ett foto"));
        var large = await PostAsync(f => f.Set("image1", File(tooLarge)).Set("alt1", "Ett stort foto"));
        var five = await PostAsync(f => Enumerable.Range(1, 5).Aggregate(f, (form, n) => form.Set($"image{n}", File(Png)).Set($"alt{n}", $"Bild {n}")));
        var noAlt = await PostAsync(f => f.Set("image1", File(Png)));
        var unconfirmed = await PostAsync(f => f.Set("image1", File(Png)).Set("alt1", "Ett foto"), confirm: false);

        Assert.Equal(400, notAnImage.Status);
        Assert.Contains("En fil är inte en JPEG- eller PNG-bild. Inget publicerades.", notAnImage.Body);
        Assert.Equal(400, large.Status);
        Assert.Contains("En bild är större än 5 MB.", large.Body);
        Assert.Equal(400, five.Status);
        Assert.Contains("Högst 4 bilder per inlägg.", five.Body);
        Assert.Equal(400, noAlt.Status);
        Assert.Contains("Varje bild behöver en bildbeskrivning.", noAlt.Body);
        Assert.Equal(400, unconfirmed.Status);
        Assert.Contains("Bekräfta att ingen kan identifieras på bilderna.", unconfirmed.Body);
        Assert.Empty(env.X.GetTweets(PortalEnvironment.UserId));
        Assert.Empty(await env.PostRowsAsync());
        Assert.Equal(0, env.X.GetRequestCount("POST", "/2/media/upload"));
    }

    [Fact]
    public async Task An_account_whose_token_lacks_media_write_is_offered_text_only_and_rotation_status_shows_the_scopes()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true);
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync((await env.LinkAsync()).ToString());
        var token = await page.GetAttributeAsync("input[name=__rf]", "value");

        var forced = await context.APIRequest.PostAsync(env.Page("post").ToString(), new APIRequestContextOptions
        {
            Multipart = context.APIRequest.CreateFormData().Set("__rf", token!).Set("postId", Guid.NewGuid().ToString("N")).Set("text", "Med bild.")
                .Set("image1", new FilePayload { Name = "a.png", MimeType = "image/png", Buffer = Png }).Set("alt1", "En bild").Set("nobodyIdentifiable", "yes"),
            Headers = new Dictionary<string, string> { ["Origin"] = env.Server.BaseAddress.GetLeftPart(UriPartial.Authority) },
            MaxRedirects = 0,
        });
        var status = await env.RunTokenCliAsync("status", "--account", PortalEnvironment.AccountId);

        Assert.Contains("X-behörigheten saknar bilder (media.write)", await page.TextContentAsync("#text-only"));
        Assert.Equal(0, await page.Locator("#image1").CountAsync());
        Assert.Equal(422, forced.Status);
        Assert.Empty(env.X.GetTweets(PortalEnvironment.UserId));
        Assert.True(status.Exit == 0, status.Error);
        Assert.Contains("scopes:        tweet.read tweet.write users.read offline.access (no media.write: portal posts are text only", status.Output);
    }
}
