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
