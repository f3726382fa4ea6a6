using System.Net;
using Microsoft.Playwright;

namespace RotationFunctions.Tests.Portal;

/// <summary>
/// Issue 14's rate limits, kept in storage so every instance of the app applies the same count: posts per
/// link per hour, and failed link lookups per client, generous enough that a hospital behind one address is
/// never locked out by its own mistakes.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalLimitTests(AzuriteFixture azurite, BrowserFixture browser)
{
    [Fact]
    public async Task Posts_past_the_hourly_limit_get_a_429_on_every_instance_until_the_hour_has_passed()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite, currentSlot: s => s["Approved"] = true,
            settings: new Dictionary<string, string?> { ["Portal:PostsPerHour"] = "2" });
        await using var second = await env.StartInstanceAsync();
        var link = (await env.Portal.IssueAsync(PortalEnvironment.AccountId, PortalEnvironment.CurrentSlot, renew: false, default))!;
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(env.Server.LinkAddress(link).ToString());
        await PostAsync(page, "Första inlägget.");
        await PostAsync(page, "Andra inlägget.");

        // The same link on another instance of the app: the count is the table's, not the instance's.
        await using var other = await browser.Browser.NewContextAsync();
        var otherPage = await other.NewPageAsync();
        await otherPage.GotoAsync(second.LinkAddress(link).ToString());
        await otherPage.FillAsync("#text", "Tredje inlägget.");
        var refused = await otherPage.RunAndWaitForResponseAsync(() => otherPage.ClickAsync("#post"), r => r.Url.EndsWith("/post", StringComparison.Ordinal));

        Assert.Equal(429, refused.Status);
        Assert.Equal("3600", await refused.HeaderValueAsync("retry-after"));
        Assert.Contains("2 inlägg den senaste timmen", await otherPage.Locator("#notice").TextContentAsync());
        // The draft stays in the form, so nothing the curator wrote is lost.
        Assert.Equal("Tredje inlägget.", await otherPage.InputValueAsync("#text"));
        Assert.Equal(["Andra inlägget.", "Första inlägget."], env.Tweets().Order().ToArray());
        Assert.Equal(2, (await env.PostRowsAsync()).Count);

        // A retry of a post already made is not a new post: it is recognised, not refused.
        Assert.Equal(2, env.X.GetRequestCount("POST", "/2/tweets"));

        env.Time.Advance(TimeSpan.FromHours(1));
        await PostAsync(otherPage, "Tredje inlägget.");
        Assert.Equal(3, env.Tweets().Count);
    }

    [Fact]
    public async Task Failed_lookups_past_the_limit_get_a_429_from_every_instance_while_other_clients_still_open_their_links()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite,
            settings: new Dictionary<string, string?> { ["Portal:FailedLookupsPerHour"] = "3" });
        await using var second = await env.StartInstanceAsync();
        var link = (await env.Portal.IssueAsync(PortalEnvironment.AccountId, PortalEnvironment.CurrentSlot, renew: false, default))!;
        var valid = env.Server.LinkAddress(link);
        var guessed = new Uri(valid.ToString()[..^4] + "AAAA");
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(guessed)).StatusCode);
        }
        var limited = await client.GetAsync(guessed);
        var validToo = await client.GetAsync(valid);
        var onSecond = await client.GetAsync(new Uri(second.LinkAddress(link).ToString()[..^4] + "BBBB"));
        using var fromElsewhere = new HttpRequestMessage(HttpMethod.Get, valid);
        fromElsewhere.Headers.Add("X-Forwarded-For", "203.0.113.9:50123");
        var elsewhere = await client.SendAsync(fromElsewhere);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After says when to try again");
        Assert.DoesNotContain(limited.Headers, h => h.Key == "Set-Cookie");
        Assert.Equal(HttpStatusCode.TooManyRequests, validToo.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, onSecond.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, elsewhere.StatusCode);

        env.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.SeeOther, (await client.GetAsync(valid)).StatusCode);
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Id.Name == "PortalLookupsLimited");
    }

    [Fact]
    public async Task A_flood_of_guessed_links_at_once_is_answered_without_errors_and_ends_limited()
    {
        await using var env = await PortalEnvironment.StartAsync(azurite,
            settings: new Dictionary<string, string?> { ["Portal:FailedLookupsPerHour"] = "20" });
        var valid = await env.LinkAsync();
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => client.GetAsync(new Uri(valid.ToString()[..^4] + $"{i:D4}"))));

        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.TooManyRequests, a.StatusCode.ToString()));
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.NotFound) <= 20 + 8, "at most the limit, and a few racing in");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync(valid)).StatusCode);
    }

    private static async Task PostAsync(IPage page, string text)
    {
        await page.FillAsync("#text", text);
        await page.ClickAsync("#post");
        await page.WaitForURLAsync(url => url.Contains("?posted=", StringComparison.Ordinal));
    }
}
