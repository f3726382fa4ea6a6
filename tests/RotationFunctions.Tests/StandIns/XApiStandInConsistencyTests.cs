using System.Net;
using RotationFunctions.Channels.X;

namespace RotationFunctions.Tests.StandIns;

/// <summary>
/// The X stand-in's opt-in worst cases for what X leaves undocumented: how long the duplicate check remembers
/// a text (<see cref="XApiStandInOptions.DuplicateWindow"/>) and how late the timeline shows a post
/// (<see cref="XApiStandInOptions.TimelineLag"/>), driven through the app's real <see cref="XClient"/>.
/// </summary>
public sealed class XApiStandInConsistencyTests : StandInTestBase
{
    [Fact]
    public async Task By_default_an_identical_post_is_a_duplicate_however_long_after()
    {
        await using var x = await XAppSession.StartAsync(Time);
        await x.PostAsync("Welcome, this week's curator!");

        Time.Advance(TimeSpan.FromDays(365));
        var ex = await x.PostRefusedAsync("Welcome, this week's curator!");

        Assert.Equal((XErrorKind.Rejected, 403, true), (ex.Kind, ex.StatusCode, ex.IsDuplicateContent));
        AssertDuplicateAnswer(x.Last);
        Assert.Single(x.X.GetTweets(XAppSession.UserId));
    }

    [Fact]
    public async Task A_zero_window_turns_the_duplicate_check_off_and_the_same_text_posts_twice()
    {
        await using var x = await XAppSession.StartAsync(Time, new XApiStandInOptions { DuplicateWindow = TimeSpan.Zero });

        var first = await x.PostAsync("Same text");
        var second = await x.PostAsync("Same text");

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(HttpStatusCode.Created, x.Last.Status);
        Assert.Equal(["Same text", "Same text"], x.X.GetTweets(XAppSession.UserId).Select(t => t.Text));
    }

    [Fact]
    public async Task A_window_refuses_identical_posts_made_within_it_only()
    {
        await using var x = await XAppSession.StartAsync(Time, new XApiStandInOptions { DuplicateWindow = TimeSpan.FromHours(1) });
        var first = await x.PostAsync("Same text");

        Time.Advance(TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1));
        var ex = await x.PostRefusedAsync("Same text");
        Assert.True(ex.IsDuplicateContent);
        AssertDuplicateAnswer(x.Last);
        Assert.Single(x.X.GetTweets(XAppSession.UserId));

        Time.Advance(TimeSpan.FromSeconds(1));
        var second = await x.PostAsync("Same text");
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(2, x.X.GetTweets(XAppSession.UserId).Count);
    }

    [Fact]
    public async Task Negative_windows_or_lags_are_refused_at_start()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            XApiStandIn.StartAsync(Time, new XApiStandInOptions { DuplicateWindow = TimeSpan.FromSeconds(-1) }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            XApiStandIn.StartAsync(Time, new XApiStandInOptions { TimelineLag = TimeSpan.FromSeconds(-1) }));
    }

    [Fact]
    public async Task The_timeline_lists_a_post_only_once_it_is_TimelineLag_old()
    {
        await using var x = await XAppSession.StartAsync(Time, new XApiStandInOptions { TimelineLag = TimeSpan.FromSeconds(30) });
        var token = x.Token();
        var a = await x.PostAsync("A", token);

        Assert.Empty(await x.Client.GetUserTweetsAsync(token, XAppSession.UserId, 5, CancellationToken.None));
        Assert.Equal(HttpStatusCode.OK, x.Last.Status);
        using (var empty = JsonDocument.Parse(x.Last.Body))
        {
            Assert.False(empty.RootElement.TryGetProperty("data", out _));
            Assert.Equal(0, empty.RootElement.GetProperty("meta").GetProperty("result_count").GetInt32());
        }

        Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await x.Client.GetUserTweetsAsync(token, XAppSession.UserId, 5, CancellationToken.None));

        Time.Advance(TimeSpan.FromSeconds(1));
        var b = await x.PostAsync("B", token);
        var listed = await x.Client.GetUserTweetsAsync(token, XAppSession.UserId, 5, CancellationToken.None);
        Assert.Equal([a.Id], listed.Select(t => t.Id));
        Assert.Equal(Start, listed[0].CreatedAt);

        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([b.Id, a.Id], (await x.Client.GetUserTweetsAsync(token, XAppSession.UserId, 5, CancellationToken.None)).Select(t => t.Id));
        Assert.Equal(2, x.X.GetTweets(XAppSession.UserId).Count);
    }

    [Fact]
    public async Task A_duplicate_can_be_refused_before_the_timeline_shows_the_original()
    {
        await using var x = await XAppSession.StartAsync(Time, new XApiStandInOptions { TimelineLag = TimeSpan.FromMinutes(1) });
        var token = x.Token();
        await x.PostAsync("Handover at noon", token);

        var ex = await x.PostRefusedAsync("Handover at noon", token);

        Assert.True(ex.IsDuplicateContent);
        Assert.Empty(await x.Client.GetUserTweetsAsync(token, XAppSession.UserId, 100, CancellationToken.None));
        Assert.Single(x.X.GetTweets(XAppSession.UserId));
    }

    private static void AssertDuplicateAnswer(RecordedAnswer answer)
    {
        Assert.Equal(HttpStatusCode.Forbidden, answer.Status);
        Assert.StartsWith("application/problem+json", answer.Headers["Content-Type"], StringComparison.Ordinal);
        using var body = JsonDocument.Parse(answer.Body);
        Assert.Equal("Forbidden", body.RootElement.GetProperty("title").GetString());
        Assert.Equal("You are not allowed to create a Tweet with duplicate content.", body.RootElement.GetProperty("detail").GetString());
        Assert.Equal("about:blank", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(403, body.RootElement.GetProperty("status").GetInt32());
    }
}
