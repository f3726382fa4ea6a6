using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using RotationFunctions.Chaos;

namespace RotationFunctions.Tests.Chaos;

/// <summary>
/// The chaos suite is only worth its "0 violations" if its checker sees a broken promise. Each test
/// runs a seed that keeps every invariant (seed 1, also in <see cref="ChaosTests"/>), breaks one
/// promise after the run settled, and expects the checker to name it. The runs use the stand-ins as
/// they were when these tests were written (<see cref="ChaosProfile.Kind"/>), so each replays the same run;
/// those about X's duplicate check switch it off.
/// </summary>
public sealed class ChaosCheckerTests(ChaosWorldFixture fixture) : IClassFixture<ChaosWorldFixture>
{
    private const int Seed = 1;

    /// <summary>X with no duplicate check: a second post of a step is accepted, so only the checker can tell.</summary>
    private static readonly ChaosProfile NoDuplicateCheck = ChaosProfile.Kind with { DuplicateWindow = TimeSpan.Zero };

    [Fact]
    public async Task With_X_duplicate_check_off_and_nothing_broken_the_seed_is_clean()
    {
        var result = await ChaosRun.RunAsync(fixture.World, Seed, new ChaosOptions { Profile = _ => NoDuplicateCheck, Trace = true });

        Assert.True(result.Violations.Count == 0, string.Join(Environment.NewLine, result.Violations.Concat(result.Trace)));
        Assert.True(result.Stats.Tweets > 0, result.Stats.ToString());
    }

    [Fact]
    public async Task A_step_posted_a_second_time_while_X_has_no_duplicate_check_is_reported()
    {
        var violations = await RunAndBreakDoneRowAsync(async (context, row) =>
        {
            var (step, text) = row.OutroStatus == StepStatus.Posted ? ("outro", row.OutroText!) : ("intro", row.IntroText!);
            var account = context.Accounts.First(a => a.Id == row.PartitionKey);
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(context.World.X.BaseAddress, "2/tweets"))
            {
                Content = JsonContent.Create(new { text }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
                context.World.X.IssueTokens(ChaosWorld.ClientId, account.UserId, ["tweet.read", "tweet.write", "users.read"]).AccessToken);
            // X accepts the repeat: nothing but the checker stands between it and the account's followers.
            Assert.Equal(HttpStatusCode.Created, (await http.SendAsync(request)).StatusCode);
            Assert.Equal(2, context.World.X.GetTweets(account.UserId).Count(t => t.Text == text));
        }, a => !a.DryRun, profile: NoDuplicateCheck, posted: true);

        AssertReported(violations, "posted 2 times");
    }

    [Fact]
    public async Task A_posted_tweet_that_is_gone_is_reported_as_never_posted()
    {
        var violations = await RunAndBreakAsync(async context =>
        {
            var (account, tweet) = context.Accounts
                .SelectMany(a => context.World.X.GetTweets(a.UserId).Where(t => !t.Deleted).Select(t => (a, t)))
                .First();
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Delete, new Uri(context.World.X.BaseAddress, $"2/tweets/{tweet.Id}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
                context.World.X.IssueTokens(ChaosWorld.ClientId, account.UserId, ["tweet.read", "tweet.write", "users.read"]).AccessToken);
            (await http.SendAsync(request)).EnsureSuccessStatusCode();
            return account.Id;
        });

        AssertReported(violations, "never posted");
    }

    [Fact]
    public async Task A_handover_failed_for_good_is_reported()
    {
        var violations = await RunAndBreakDoneRowAsync(async (context, row) =>
        {
            row.Status = HandoverStatus.Failed;
            row.Note = "broken by the checker's test";
            await context.Host.Handovers.UpdateAsync(row, default);
        });

        AssertReported(violations, "failed for good");
    }

    [Fact]
    public async Task A_message_left_in_the_queue_for_a_passed_boundary_is_reported()
    {
        var violations = await RunAndBreakDoneRowAsync((context, row) =>
            context.Host.Handovers.EnqueueAsync(new HandoverMessage(HandoverMessage.CurrentVersion, row.PartitionKey, row.BoundaryAt), TimeSpan.Zero, default));

        AssertReported(violations, "still in the queue");
    }

    [Fact]
    public async Task A_stored_refresh_token_spent_behind_the_apps_back_is_reported_as_a_broken_chain()
    {
        var violations = await RunAndBreakAsync(async context =>
        {
            var account = context.Accounts[0];
            var stored = await context.Host.TokenStore.GetAsync(account.Id, default);
            using var http = new HttpClient();
            using var response = await http.PostAsync(context.World.X.TokenEndpoint, new FormUrlEncodedContent(
            [
                new("grant_type", "refresh_token"),
                new("refresh_token", stored!.Bundle.RefreshToken),
                new("client_id", ChaosWorld.ClientId),
            ]));
            response.EnsureSuccessStatusCode();
            return $"{account.Id}/tokens";
        });

        // The stored refresh token is spent: the checker's final refresh fails and names the account.
        AssertReported(violations, "a final refresh did not work");
    }

    [Fact]
    public async Task A_DryRun_account_whose_row_says_posted_is_reported()
    {
        // Seed 2's only account is a DryRun account.
        var violations = await RunAndBreakDoneRowAsync(async (context, row) =>
        {
            row.IntroStatus = StepStatus.Posted;
            await context.Host.Handovers.UpdateAsync(row, default);
        }, a => a.DryRun, seed: 2);

        AssertReported(violations, "should be recorded as 'dryrun'");
    }

    [Fact]
    public async Task A_Bluesky_post_made_a_second_time_is_reported()
    {
        var violations = await RunAndBreakAsync(async context =>
        {
            var (row, account, text) = await PostedOnAsync(context, Channel.Bluesky);
            using var http = new HttpClient { BaseAddress = context.World.Bluesky.BaseAddress };
            // As the account itself, or another app with its password, would: a session, then the same text under a new
            // record key. Bluesky has no duplicate check; only the checker stands between it and the followers.
            using var session = await http.PostAsJsonAsync("xrpc/com.atproto.server.createSession",
                new { identifier = $"{account.Id.ToLowerInvariant()}.bsky.social", password = "chaos-password" });
            session.EnsureSuccessStatusCode();
            var access = (await session.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>())!["accessJwt"]!.GetValue<string>();
            using var request = new HttpRequestMessage(HttpMethod.Post, "xrpc/com.atproto.repo.createRecord")
            {
                Content = JsonContent.Create(new
                {
                    repo = account.BlueskyDid,
                    collection = "app.bsky.feed.post",
                    rkey = "3kchaosdup2aa",
                    record = new Dictionary<string, object> { ["$type"] = "app.bsky.feed.post", ["text"] = text, ["createdAt"] = "2027-01-01T00:00:00.000Z" },
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
            Assert.Equal(2, context.World.Bluesky.GetPosts(account.BlueskyDid).Count(p => p.Text == text));
            return row.HandoverId;
        });

        AssertReported(violations, "on Bluesky");
        AssertReported(violations, "posted 2 times");
    }

    [Fact]
    public async Task A_Mastodon_status_made_a_second_time_is_reported()
    {
        var violations = await RunAndBreakAsync(async context =>
        {
            var (row, account, text) = await PostedOnAsync(context, Channel.Mastodon);
            using var http = new HttpClient { BaseAddress = context.World.Mastodon.BaseAddress };
            // A status of the same text with another Idempotency-Key (or none): Mastodon makes it.
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/statuses") { Content = JsonContent.Create(new { status = text }) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "chaos-token-" + account.Id);
            request.Headers.Add("Idempotency-Key", "not-the-steps-key");
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
            Assert.Equal(2, context.World.Mastodon.GetStatuses(account.MastodonId).Count(s => s.Text == text));
            return row.HandoverId;
        });

        AssertReported(violations, "on Mastodon");
        AssertReported(violations, "posted 2 times");
    }

    /// <summary>A done handover of a posting account whose step on <paramref name="channel"/> was posted, and that step's text.</summary>
    private static async Task<(HandoverRecord Row, ModelAccount Account, string Text)> PostedOnAsync(ChaosCheckContext context, Channel channel)
    {
        foreach (var account in context.Accounts.Where(a => !a.DryRun))
        {
            await foreach (var row in context.Host.Handovers.Table.QueryAsync<HandoverRecord>(r => r.PartitionKey == account.Id))
            {
                foreach (var kind in new[] { StepKind.Outro, StepKind.Intro })
                {
                    if (row.Status == HandoverStatus.Done && row.Step(kind, channel) is { Status: StepStatus.Posted, Text: { } text })
                    {
                        return (row, account, text);
                    }
                }
            }
        }
        throw new InvalidOperationException($"seed {Seed} posted nothing on {channel}");
    }

    /// <summary>A violation names the broken boundary or account and says what broke.</summary>
    private static void AssertReported((IReadOnlyList<string> Items, string? Target) violations, string what) =>
        Assert.Contains(violations.Items, v => v.Contains(violations.Target!, StringComparison.Ordinal) && v.Contains(what, StringComparison.Ordinal));

    private async Task<(IReadOnlyList<string> Items, string? Target)> RunAndBreakAsync(Func<ChaosCheckContext, Task<string>> breakOne, int seed = Seed, ChaosProfile? profile = null)
    {
        string? target = null;
        var result = await ChaosRun.RunAsync(fixture.World, seed, new ChaosOptions
        {
            Profile = _ => profile ?? ChaosProfile.Kind,
            BeforeCheck = async context => target = await breakOne(context),
        });
        Assert.NotNull(target);
        Assert.NotEmpty(result.Violations);
        return (result.Violations, target);
    }

    /// <summary>Runs, then breaks one done handover (of an account <paramref name="which"/> picks): the checker must name it.</summary>
    private Task<(IReadOnlyList<string> Items, string? Target)> RunAndBreakDoneRowAsync(
        Func<ChaosCheckContext, HandoverRecord, Task> breakRow, Func<ModelAccount, bool>? which = null, int seed = Seed, ChaosProfile? profile = null, bool posted = false) =>
        RunAndBreakAsync(async context =>
        {
            var row = await DoneRowAsync(context, which, posted);
            await breakRow(context, row);
            return row.HandoverId;
        }, seed, profile);

    /// <summary>A done handover of an account <paramref name="which"/> picks; with <paramref name="posted"/>, one that posted a step.</summary>
    private static async Task<HandoverRecord> DoneRowAsync(ChaosCheckContext context, Func<ModelAccount, bool>? which = null, bool posted = false)
    {
        foreach (var account in context.Accounts.Where(which ?? (_ => true)))
        {
            await foreach (var row in context.Host.Handovers.Table.QueryAsync<HandoverRecord>(r => r.PartitionKey == account.Id))
            {
                if (row.Status == HandoverStatus.Done && (!posted || row.OutroStatus == StepStatus.Posted || row.IntroStatus == StepStatus.Posted))
                {
                    return row;
                }
            }
        }
        throw new InvalidOperationException($"seed {Seed} completed no handover");
    }
}
