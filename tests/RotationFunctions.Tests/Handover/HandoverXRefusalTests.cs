using RotationFunctions.Channels.X;

namespace RotationFunctions.Tests.Handover;

/// <summary>
/// What X's refusals mean for a handover. Down, unpaid or capped at a boundary: it waits for X (not
/// for the queue's five quick retries) until the catch-up window ends, then is missed with the reason.
/// An exact repeat (403): that refusal is not proof that this handover posted.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class HandoverXRefusalTests(AzuriteFixture azurite)
{
    private const string FirstHandover = "2027-01-04T07:00:00Z";
    private static readonly DateTimeOffset Boundary = new(2027, 1, 4, 7, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_X_outage_longer_than_the_queue_retries_waits_and_posts_once_X_is_back()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        // Each delivery posts once (a 503 may come after X made the post, so the next one looks on the
        // timeline first): six 503s outlast the queue's five deliveries, about 35 minutes of outage at this back-off.
        env.X.InjectFault(Fault.ServiceUnavailable(), count: 6, method: "POST", path: "/2/tweets");

        await env.RunUntilAsync(Boundary.AddHours(1), TimeSpan.FromMinutes(5));

        var row = Assert.Single(await env.HandoverRowsAsync());
        Assert.Equal(HandoverStatus.Done, row.Status);
        Assert.Single(env.Tweets());
        Assert.Equal(7, env.PostAttempts);
        Assert.Equal(0, await env.QueueLengthAsync(env.Handovers.PoisonQueue));
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains($"sos/{FirstHandover} was not answered by X", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Credits_that_run_out_wait_for_an_admin_and_the_handover_posts_when_they_are_back()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        env.X.ExhaustCredits();

        await env.RunUntilAsync(Boundary.AddMinutes(30), TimeSpan.FromMinutes(5));
        Assert.Empty(env.Tweets());
        var waiting = Assert.Single(await env.HandoverRowsAsync());
        Assert.False(HandoverStatus.IsFinal(waiting.Status), waiting.Status);
        Assert.Equal(StepStatus.Pending, waiting.IntroStatus);
        // Ops hear of it while the handover still waits, not two hours later when it is missed: only an admin who pays helps.
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Id.Name == "XCreditsExhausted"
            && r.Message.Contains($"sos/{FirstHandover}", StringComparison.Ordinal) && r.Message.Contains("add credits", StringComparison.Ordinal));

        env.X.SetCredits(null);
        await env.RunUntilAsync(Boundary.AddHours(1), TimeSpan.FromMinutes(5));

        Assert.Single(env.Tweets());
        Assert.Equal(HandoverStatus.Done, Assert.Single(await env.HandoverRowsAsync()).Status);
    }

    [Fact]
    public async Task Credits_not_back_within_the_catch_up_window_miss_the_handover_with_the_reason_and_an_error()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        env.X.ExhaustCredits();

        await env.RunUntilAsync(Boundary.AddHours(3), TimeSpan.FromMinutes(10));

        Assert.Empty(env.Tweets());
        var row = Assert.Single(await env.HandoverRowsAsync());
        Assert.Equal(HandoverStatus.Missed, row.Status);
        Assert.Contains("credits ran out (402)", row.Note, StringComparison.Ordinal);
        Assert.Equal(0, await env.QueueLengthAsync(env.Handovers.Queue));
        Assert.Equal(0, await env.QueueLengthAsync(env.Handovers.PoisonQueue));
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Id.Name == "HandoverMissedXUnavailable" && r.Message.Contains($"sos/{FirstHandover}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_Key_Vault_that_refuses_the_token_write_past_the_catch_up_window_misses_the_handover_saying_Key_Vault_not_X()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        // The app was down for a week: the access token has long expired, so the handover needs a refresh, and
        // a Deny policy on the vault refuses the refresh's write-ahead (the refresh token is never spent).
        var boundary = new DateTimeOffset(2027, 1, 11, 7, 0, 0, TimeSpan.Zero);
        env.AdvanceTo(boundary.AddMinutes(-10));
        env.Vault.DenyWrites(StorageNames.Default.TokenSecret(PipelineEnvironment.AccountId), KeyVaultDenial.Policy);

        await env.RunUntilAsync(boundary.AddHours(3), TimeSpan.FromMinutes(10));

        var row = await env.HandoverRowAsync("2027-01-11T07:00:00Z");
        Assert.Equal(HandoverStatus.Missed, row.Status);
        // What an admin must fix is the vault: the reason names it, and does not blame X.
        Assert.Contains("Key Vault", row.Note, StringComparison.Ordinal);
        Assert.Contains("ForbiddenByPolicy", row.Note, StringComparison.Ordinal);
        Assert.DoesNotContain("not answered by X", row.Note, StringComparison.Ordinal);
        Assert.Equal(0, env.PostAttempts);
        Assert.DoesNotContain(env.Logs.GetSnapshot(), r => r.Message.Contains("2027-01-11T07:00:00Z was not answered by X", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_outro_X_refuses_lets_the_intro_post_and_the_handover_ends_failed_saying_which_step_and_why()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        await env.RunUntilAsync(Boundary.AddHours(1), TimeSpan.FromHours(1));
        // X refuses the next post, the outro of the 11th, outright: a 403 that is not about duplicate content.
        env.X.InjectFault(Fault.WithStatus(403), count: 1, method: "POST", path: "/2/tweets");

        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 11, 8, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(1));

        Assert.Equal([SixWeekSchedule.AnnasIntro, SixWeekSchedule.BosIntro], env.Tweets());
        var row = await env.HandoverRowAsync("2027-01-11T07:00:00Z");
        Assert.Equal((StepStatus.Failed, StepStatus.Posted), (row.OutroStatus, row.IntroStatus));
        Assert.Equal(HandoverStatus.Failed, row.Status);
        Assert.Contains("outro refused by X: X API POST /2/tweets answered 403", row.Note, StringComparison.Ordinal);
        Assert.Contains(env.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Id.Name == "HandoverEndedFailed" && r.Message.Contains("sos/2027-01-11T07:00:00Z", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Validation_warns_of_an_intro_whose_text_the_account_posted_in_the_last_30_days_naming_that_tweet()
    {
        await using var env = await SixWeekSchedule.StartAsync(azurite);
        await env.RunUntilAsync(Boundary.AddHours(1), TimeSpan.FromHours(1));
        var annas = Assert.Single(env.X.GetTweets(PipelineEnvironment.UserId));
        // An admin copies Anna's intro into Bo's row and forgets to change it; Fia's too, but hers is posted
        // more than 30 days after Anna's.
        await env.AddSlotAsync(Rows.Slot("2027-01-11", "Bo Ek", "bo_ek", "vaktmästare").With("IntroText", annas.Text));
        await env.AddSlotAsync(Rows.Slot("2027-02-08", "Fia Ny", "fia_ny", "undersköterska").With("EndsAt", "2027-02-15T08:00").With("IntroText", annas.Text));

        var report = await env.Checks.ReadAsync(null, default);

        var warning = Assert.Single(report.Problems, p => p.RowKey == "2027-01-11" && p.Field == "IntroText");
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Contains($"same text as the intro the account posted on 2027-01-04 (tweet {annas.Id})", warning.Message, StringComparison.Ordinal);
        // (Fia's copy has an error of its own: it mentions Anna, who is not in her handover.)
        Assert.DoesNotContain(report.Problems, p => p.Severity == Severity.Warning && p.RowKey is "2027-01-04" or "2027-02-08");
    }

    private const string SameIntro = "Hej från akuten! Följ med mig i veckan.";

    [Fact]
    public async Task An_intro_with_the_same_text_as_an_older_tweet_fails_naming_that_tweet_and_is_not_recorded_as_posted()
    {
        await using var env = await PipelineEnvironment.StartAsync(azurite, SixWeekSchedule.Start);
        await env.AddAccountAsync();
        await env.AddSlotAsync(Rows.Slot("2027-01-04", "Anna Svensson", "anna_sv").With("IntroText", SameIntro));
        await env.AddSlotAsync(Rows.Slot("2027-01-11", "Bo Ek", "bo_ek", "vaktmästare").With("IntroText", SameIntro));

        await env.RunUntilAsync(new DateTimeOffset(2027, 1, 11, 8, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(6));

        var first = Assert.Single(env.X.GetTweets(PipelineEnvironment.UserId), t => t.Text == SameIntro);
        var second = await env.HandoverRowAsync("2027-01-11T07:00:00Z");
        Assert.Equal(StepStatus.Posted, second.OutroStatus);
        Assert.Equal(StepStatus.Failed, second.IntroStatus);
        Assert.Null(second.IntroTweetId);
        Assert.Contains($"same text as tweet {first.Id} of 2027-01-04", second.Note, StringComparison.Ordinal);
    }
}
